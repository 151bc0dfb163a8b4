package dev.nabla.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Reads a CSV file of numeric feature columns and one class-label column into an
 * {@link ArrayDataset} of samples with shape {@code [features]}. A reader is an immutable
 * configuration: each setter returns a new one.
 *
 * <pre>{@code
 * Dataset iris = new CsvReader().label("species").read(Path.of("iris.csv"));
 * Dataset raw = new CsvReader().delimiter(';').header(CsvReader.Header.ABSENT).label(0).read(path);
 * }</pre>
 *
 * <ul>
 *   <li>Label: by header name, or by index (negative counts from the end); by default the last
 *       column; {@link #noLabel()} reads every column as a feature. Labels that are all non-negative
 *       integers ({@code 3} or {@code 3.0}) are used as class indices (classes: largest + 1);
 *       otherwise the distinct texts become classes in sorted order ({@link Dataset#classNames()}).</li>
 *   <li>Header: {@link Header#AUTO} (the default) takes the first row as a header when one of its
 *       feature cells is not a number; a label given by name implies a header.</li>
 *   <li>Fields are trimmed; a field may be double-quoted ({@code ""} inside stands for a quote, no
 *       line breaks); blank lines are skipped; a UTF-8 byte-order mark is ignored.</li>
 * </ul>
 *
 * <p>Errors name the file, the line and column: a non-numeric or empty value, a ragged row, a
 * missing label column, a label that is not a class index, a file without data rows.
 */
public final class CsvReader {
    /** Whether the first row holds column names. */
    public enum Header { AUTO, PRESENT, ABSENT }

    private static final int NO_LABEL = Integer.MIN_VALUE;

    private final char delimiter;
    private final Header header;
    private final String labelName;
    private final int labelIndex;

    /** Comma-separated, header detected, label in the last column. */
    public CsvReader() {
        this(',', Header.AUTO, null, -1);
    }

    private CsvReader(char delimiter, Header header, String labelName, int labelIndex) {
        this.delimiter = delimiter;
        this.header = header;
        this.labelName = labelName;
        this.labelIndex = labelIndex;
    }

    /** The field separator, e.g. {@code ';'} or {@code '\t'} (not {@code '"'}). */
    public CsvReader delimiter(char newDelimiter) {
        if (newDelimiter == '"' || newDelimiter == '\n' || newDelimiter == '\r') {
            throw new IllegalArgumentException("CsvReader: " + (int) newDelimiter + " cannot be a delimiter");
        }
        return new CsvReader(newDelimiter, header, labelName, labelIndex);
    }

    /** Whether the first row is a header; {@link Header#AUTO} by default. */
    public CsvReader header(Header newHeader) {
        return new CsvReader(delimiter, Objects.requireNonNull(newHeader), labelName, labelIndex);
    }

    /** The label is the column with this header name. */
    public CsvReader label(String columnName) {
        return new CsvReader(delimiter, header, Objects.requireNonNull(columnName), 0);
    }

    /** The label is column {@code index} (0-based; -1 is the last column). */
    public CsvReader label(int index) {
        return new CsvReader(delimiter, header, null, index);
    }

    /** Every column is a feature; the dataset has no labels. */
    public CsvReader noLabel() {
        return new CsvReader(delimiter, header, null, NO_LABEL);
    }

    /**
     * Reads {@code file} (UTF-8).
     *
     * @throws DataFileException if the contents do not fit the configuration
     * @throws IOException       if the file cannot be read
     */
    public ArrayDataset read(Path file) throws IOException {
        List<String[]> rows = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (number == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (!line.isBlank()) {
                    rows.add(split(file, number, line));
                    lineNumbers.add(number);
                }
            }
        }
        if (rows.isEmpty()) {
            throw new DataFileException(file, "no data rows (the file is empty)");
        }
        int columns = rows.get(0).length;
        boolean hasHeader = hasHeader(file, rows.get(0));
        String[] names = new String[columns];
        for (int c = 0; c < columns; c++) {
            names[c] = hasHeader ? rows.get(0)[c] : "column " + (c + 1);
        }
        int label = labelColumn(file, names, hasHeader);
        int first = hasHeader ? 1 : 0;
        int samples = rows.size() - first;
        if (samples == 0) {
            throw new DataFileException(file, "no data rows after the header on line " + lineNumbers.get(0));
        }
        int features = label == NO_LABEL ? columns : columns - 1;
        float[] values = new float[Math.multiplyExact(samples, features)];
        String[] labelTexts = label == NO_LABEL ? null : new String[samples];
        int k = 0;
        for (int r = first; r < rows.size(); r++) {
            String[] row = rows.get(r);
            int line = lineNumbers.get(r);
            if (row.length != columns) {
                throw new DataFileException(file, "ragged row: line " + line + " has " + row.length
                        + " fields, expected " + columns + " as on line " + lineNumbers.get(0));
            }
            for (int c = 0; c < columns; c++) {
                if (c == label) {
                    labelTexts[r - first] = row[c];
                } else {
                    values[k++] = number(file, line, c, names[c], row[c]);
                }
            }
        }
        int[] shape = {features};
        if (labelTexts == null) {
            return new ArrayDataset(values, shape);
        }
        return labelled(file, values, shape, labelTexts, lineNumbers.subList(first, rows.size()), label, names[label]);
    }

    private boolean hasHeader(Path file, String[] firstRow) {
        if (header != Header.AUTO) {
            if (header == Header.ABSENT && labelName != null) {
                throw new IllegalArgumentException("CsvReader: label column \"" + labelName + "\" is named, but "
                        + file + " is read without a header");
            }
            return header == Header.PRESENT;
        }
        if (labelName != null) {
            return true;
        }
        int label = labelIndex == NO_LABEL ? NO_LABEL : labelIndex < 0 ? firstRow.length + labelIndex : labelIndex;
        for (int c = 0; c < firstRow.length; c++) {
            if (c != label && !isNumber(firstRow[c])) {
                return true;
            }
        }
        return false;
    }

    private int labelColumn(Path file, String[] names, boolean hasHeader) {
        if (labelName != null) {
            int found = Arrays.asList(names).indexOf(labelName);
            if (found < 0) {
                throw new DataFileException(file, "no column named \"" + labelName + "\" in the header "
                        + Arrays.toString(names));
            }
            return found;
        }
        if (labelIndex == NO_LABEL) {
            return NO_LABEL;
        }
        int c = labelIndex < 0 ? names.length + labelIndex : labelIndex;
        if (c < 0 || c >= names.length) {
            throw new DataFileException(file, "label column " + labelIndex + " does not exist: the "
                    + (hasHeader ? "header" : "first row") + " has " + names.length + " columns");
        }
        if (names.length == 1) {
            throw new DataFileException(file, "the only column is the label; there are no feature columns");
        }
        return c;
    }

    private static ArrayDataset labelled(Path file, float[] values, int[] shape, String[] texts, List<Integer> lines,
                                         int column, String name) {
        int[] labels = new int[texts.length];
        boolean allNumbers = true;
        for (String t : texts) {
            allNumbers &= isNumber(t);
        }
        if (!allNumbers) {
            Map<String, Integer> classes = new TreeMap<>();
            for (int i = 0; i < texts.length; i++) {
                if (texts[i].isEmpty()) {
                    throw new DataFileException(file, where(lines.get(i), column, name) + ": empty label");
                }
                classes.put(texts[i], 0);
            }
            List<String> classNames = List.copyOf(classes.keySet());
            int next = 0;
            for (Map.Entry<String, Integer> e : classes.entrySet()) {
                e.setValue(next++);
            }
            for (int i = 0; i < texts.length; i++) {
                labels[i] = classes.get(texts[i]);
            }
            return new ArrayDataset(values, shape, labels, classNames.size()).withClassNames(classNames);
        }
        for (int i = 0; i < texts.length; i++) {
            double v = Double.parseDouble(texts[i]);
            if (v < 0 || v != Math.rint(v) || v > Integer.MAX_VALUE - 1) {
                throw new DataFileException(file, where(lines.get(i), column, name) + ": label \"" + texts[i]
                        + "\" is not a class index (a non-negative integer)");
            }
            labels[i] = (int) v;
        }
        return new ArrayDataset(values, shape, labels);
    }

    private static float number(Path file, int line, int column, String name, String text) {
        if (text.isEmpty()) {
            throw new DataFileException(file, where(line, column, name) + ": empty value");
        }
        try {
            return Float.parseFloat(text);
        } catch (NumberFormatException e) {
            throw new DataFileException(file, where(line, column, name) + ": non-numeric value \"" + text + "\"");
        }
    }

    private static boolean isNumber(String text) {
        try {
            Float.parseFloat(text);
            return !text.isEmpty();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String where(int line, int column, String name) {
        return "line " + line + ", column " + (column + 1) + " (\"" + name + "\")";
    }

    /** Splits one line into trimmed fields, honouring double quotes. */
    private String[] split(Path file, int line, String text) {
        List<String> fields = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (true) {
            while (i < n && text.charAt(i) != delimiter && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i < n && text.charAt(i) == '"') {
                StringBuilder field = new StringBuilder();
                int start = i++;
                while (true) {
                    if (i >= n) {
                        throw new DataFileException(file, "line " + line + ": quoted field opened at column "
                                + (fields.size() + 1) + " (character " + (start + 1) + ") is not closed");
                    }
                    char ch = text.charAt(i++);
                    if (ch == '"' && i < n && text.charAt(i) == '"') {
                        field.append('"');
                        i++;
                    } else if (ch == '"') {
                        break;
                    } else {
                        field.append(ch);
                    }
                }
                while (i < n && text.charAt(i) != delimiter && Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                if (i < n && text.charAt(i) != delimiter) {
                    throw new DataFileException(file, "line " + line + ", column " + (fields.size() + 1)
                            + ": text after the closing quote");
                }
                fields.add(field.toString());
            } else {
                int end = text.indexOf(delimiter, i);
                end = end < 0 ? n : end;
                fields.add(text.substring(i, end).strip());
                i = end;
            }
            if (i >= n) {
                return fields.toArray(String[]::new);
            }
            i++; // the delimiter
        }
    }
}
