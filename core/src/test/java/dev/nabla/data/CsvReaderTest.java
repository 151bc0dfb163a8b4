package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV with and without a header, label by name or index, string and integer labels, bad cells. */
class CsvReaderTest {
    @TempDir
    Path dir;

    private Path csv(String text) throws IOException {
        return Files.writeString(dir.resolve("data.csv"), text, StandardCharsets.UTF_8);
    }

    private String problem(CsvReader reader, Path file) {
        DataFileException e = assertThrows(DataFileException.class, () -> reader.read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        return e.problem();
    }

    @Test
    void headerWithStringLabelsByName() throws IOException {
        Path file = csv("sepal,petal,species\n5.1,1.4,setosa\n7.0,4.7,versicolor\n\n4.9,1.5,setosa\n");
        Dataset d = new CsvReader().label("species").read(file);
        assertEquals(3, d.size());
        assertArrayEquals(new int[] {2}, d.featureShape());
        assertArrayEquals(new float[] {7.0f, 4.7f}, d.features(1));
        assertEquals(List.of("setosa", "versicolor"), d.classNames());
        assertEquals(2, d.numClasses().getAsInt());
        assertEquals(0, d.label(0));
        assertEquals(1, d.label(1));
        assertEquals(0, d.label(2));
    }

    @Test
    void labelColumnByIndexWithoutHeader() throws IOException {
        Path file = csv("2,0.5,1.5\n0,2.5,3.5\n1.0,4,5\n");
        Dataset d = new CsvReader().header(CsvReader.Header.ABSENT).label(0).read(file);
        assertEquals(3, d.size());
        assertArrayEquals(new float[] {0.5f, 1.5f}, d.features(0));
        assertArrayEquals(new int[] {2, 0, 1}, new int[] {d.label(0), d.label(1), d.label(2)});
        assertEquals(3, d.numClasses().getAsInt());
        assertTrue(d.classNames().isEmpty());
    }

    @Test
    void headerIsDetected() throws IOException {
        Dataset without = new CsvReader().read(csv("1,2,0\n3,4,1\n"));
        assertEquals(2, without.size());
        assertArrayEquals(new float[] {1, 2}, without.features(0));
        Dataset with = new CsvReader().read(csv("x1,x2,y\n1,2,0\n3,4,1\n"));
        assertEquals(2, with.size());
        assertEquals(1, with.label(1));
        Dataset stringLabels = new CsvReader().read(csv("1,2,cat\n3,4,dog\n"));
        assertEquals(2, stringLabels.size(), "a text label does not make the first row a header");
    }

    @Test
    void delimiterQuotesBomAndWhitespace() throws IOException {
        Path file = csv("\uFEFF\"a\" ; \"b;c\" ; label\n 1 ; \"2.5\" ; \"x \"\"y\"\"\"\n3;4;z\n");
        Dataset d = new CsvReader().delimiter(';').label("label").read(file);
        assertArrayEquals(new float[] {1, 2.5f}, d.features(0));
        assertEquals(List.of("x \"y\"", "z"), d.classNames());
    }

    @Test
    void noLabelReadsEveryColumn() throws IOException {
        Dataset d = new CsvReader().noLabel().read(csv("a,b,c\n1,2,3\n"));
        assertFalse(d.hasLabels());
        assertArrayEquals(new float[] {1, 2, 3}, d.features(0));
    }

    @Test
    void nonNumericCellsNameLineAndColumn() throws IOException {
        Path file = csv("a,b,y\n1,2,0\n3,abc,1\n");
        assertEquals("line 3, column 2 (\"b\"): non-numeric value \"abc\"", problem(new CsvReader(), file));
        Path empty = csv("1,2,0\n,4,1\n");
        assertEquals("line 2, column 1 (\"column 1\"): empty value", problem(new CsvReader(), empty));
    }

    @Test
    void raggedRowsAreReported() throws IOException {
        Path file = csv("a,b,y\n1,2,0\n\n3,1\n");
        assertEquals("ragged row: line 4 has 2 fields, expected 3 as on line 1", problem(new CsvReader(), file));
    }

    @Test
    void labelProblems() throws IOException {
        Path file = csv("a,b,y\n1,2,0\n3,4,1.5\n");
        assertEquals("no column named \"class\" in the header [a, b, y]",
                problem(new CsvReader().label("class"), file));
        assertEquals("line 3, column 3 (\"y\"): label \"1.5\" is not a class index (a non-negative integer)",
                problem(new CsvReader(), file));
        assertTrue(problem(new CsvReader().label(7), file).startsWith("label column 7 does not exist"));
        assertThrows(IllegalArgumentException.class,
                () -> new CsvReader().header(CsvReader.Header.ABSENT).label("y").read(file));
    }

    @Test
    void emptyFilesAndUnclosedQuotes() throws IOException {
        assertEquals("no data rows (the file is empty)", problem(new CsvReader(), csv("\n \n")));
        assertEquals("no data rows after the header on line 1", problem(new CsvReader(), csv("a,b,y\n")));
        assertTrue(problem(new CsvReader(), csv("1,\"2,0\n")).startsWith("line 1: quoted field opened at column 2"));
    }
}
