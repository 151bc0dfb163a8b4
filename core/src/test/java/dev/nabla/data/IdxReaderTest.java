package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX images and labels, raw and gzipped; every malformed file names itself and its problem. */
class IdxReaderTest {
    @TempDir
    Path dir;

    private DataFileException fails(Path file, Executable read) {
        DataFileException e = assertThrows(DataFileException.class, read::run);
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
        assertEquals(file, e.file());
        return e;
    }

    interface Executable {
        void run() throws Exception;
    }

    @Test
    void readsRawAndGzippedFilesAlike() throws IOException {
        int[] labels = {3, 0, 9, 1, 3};
        Path rawImages = IdxFiles.write(dir, "images", IdxFiles.images(5, 3, 4));
        Path rawLabels = IdxFiles.write(dir, "labels", IdxFiles.labels(labels));
        Path gzImages = IdxFiles.write(dir, "images.gz", IdxFiles.gzip(IdxFiles.images(5, 3, 4)));
        Path gzLabels = IdxFiles.write(dir, "labels.gz", IdxFiles.gzip(IdxFiles.labels(labels)));
        Dataset raw = IdxReader.dataset(rawImages, rawLabels);
        Dataset gz = IdxReader.dataset(gzImages, gzLabels);
        for (Dataset d : new Dataset[] {raw, gz}) {
            assertEquals(5, d.size());
            assertArrayEquals(new int[] {1, 3, 4}, d.featureShape());
            assertEquals(12, d.featureSize());
            assertTrue(d.hasLabels());
            assertEquals(10, d.numClasses().getAsInt());
            for (int i = 0; i < 5; i++) {
                assertEquals(labels[i], d.label(i));
                float[] f = d.features(i);
                for (int y = 0; y < 3; y++) {
                    for (int x = 0; x < 4; x++) {
                        assertEquals(IdxFiles.pixel(i, y, x) / 255f, f[y * 4 + x]);
                    }
                }
            }
        }
        assertArrayEquals(labels, IdxReader.labels(gzLabels));
        assertFalse(IdxReader.images(rawImages).hasLabels());
    }

    @Test
    void pixelsAreScaledToTheUnitInterval() throws IOException {
        Path images = IdxFiles.write(dir, "images", IdxFiles.images(20, 4, 4));
        float[] all = new float[20 * 16];
        Dataset d = IdxReader.images(images);
        for (int i = 0; i < 20; i++) {
            d.features(i, all, i * 16);
        }
        float min = 1;
        float max = 0;
        for (float v : all) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertTrue(min >= 0 && max <= 1, min + " .. " + max);
        assertEquals(1f, max, "pixel 255 becomes exactly 1");
    }

    @Test
    void gzipIsRecognisedByItsMagicBytesNotItsName() throws IOException {
        Path images = IdxFiles.write(dir, "images.idx3", IdxFiles.gzip(IdxFiles.images(2, 2, 2)));
        Path labels = IdxFiles.write(dir, "labels.gz", IdxFiles.labels(1, 0));  // raw despite the name
        Dataset d = IdxReader.dataset(images, labels);
        assertEquals(2, d.size());
        assertEquals(IdxFiles.pixel(1, 1, 1) / 255f, d.features(1)[3]);
    }

    @Test
    void aLabelFileReadAsImagesHasABadMagicNumber() throws IOException {
        Path labels = IdxFiles.write(dir, "labels.gz", IdxFiles.gzip(IdxFiles.labels(1, 2, 3)));
        DataFileException e = fails(labels, () -> IdxReader.images(labels));
        assertTrue(e.problem().contains("bad magic number 0x00000801, expected 0x00000803"), e.getMessage());
        assertTrue(e.problem().contains("this is an IDX label file"), e.getMessage());
    }

    @Test
    void aFileThatIsNotIdxAtAllSaysSo() throws IOException {
        Path text = IdxFiles.write(dir, "notes.txt", "hello world, not an idx file".getBytes());
        DataFileException e = fails(text, () -> IdxReader.labels(text));
        assertTrue(e.problem().contains("bad magic number 0x68656c6c"), e.getMessage());
        assertTrue(e.problem().contains("not an IDX file"), e.getMessage());
    }

    @Test
    void truncatedRawImagesNameTheByteAndTheExpectedCount() throws IOException {
        byte[] full = IdxFiles.images(5, 3, 4);
        Path images = IdxFiles.write(dir, "images", Arrays.copyOf(full, full.length - 10));
        DataFileException e = fails(images, () -> IdxReader.images(images));
        assertTrue(e.problem().startsWith("truncated at byte " + (full.length - 10) + ": expected 5 images of 3x4, "
                + full.length + " bytes in all, found 4 complete images"), e.getMessage());
    }

    @Test
    void truncatedGzippedFilesAreReportedAsTruncated() throws IOException {
        byte[] gz = IdxFiles.gzip(IdxFiles.images(50, 8, 8));
        Path images = IdxFiles.write(dir, "images.gz", Arrays.copyOf(gz, gz.length / 2));
        DataFileException e = fails(images, () -> IdxReader.images(images));
        assertTrue(e.problem().startsWith("truncated"), e.getMessage());
        assertTrue(e.problem().contains("of the decompressed data"), e.getMessage());
        assertTrue(e.problem().contains("50 images of 8x8"), e.getMessage());
    }

    @Test
    void aDamagedGzipChecksumIsReported() throws IOException {
        byte[] gz = IdxFiles.gzip(IdxFiles.labels(1, 2, 3, 4));
        gz[gz.length - 8] ^= 0x5A;  // the CRC32 in the gzip trailer
        Path labels = IdxFiles.write(dir, "labels.gz", gz);
        DataFileException e = fails(labels, () -> IdxReader.labels(labels));
        assertTrue(e.problem().startsWith("corrupt gzip data"), e.getMessage());
    }

    @Test
    void aShortHeaderIsTruncated() throws IOException {
        Path images = IdxFiles.write(dir, "images", Arrays.copyOf(IdxFiles.images(1, 2, 2), 10));
        DataFileException e = fails(images, () -> IdxReader.images(images));
        assertTrue(e.problem().startsWith("truncated at byte 10: the file ends inside the header (dimension 2 of 3"),
                e.getMessage());
        Path empty = IdxFiles.write(dir, "empty", new byte[0]);
        assertTrue(fails(empty, () -> IdxReader.labels(empty)).problem().startsWith("truncated at byte 0"));
    }

    @Test
    void aLyingHeaderFailsWithoutReadingGigabytes() throws IOException {
        byte[] header = java.nio.ByteBuffer.allocate(16 + 100).putInt(IdxReader.IMAGES_MAGIC)
                .putInt(60000).putInt(28).putInt(28).array();
        Path images = IdxFiles.write(dir, "images", header);
        assertTrue(fails(images, () -> IdxReader.images(images)).problem()
                .startsWith("truncated at byte 116: expected 60000 images of 28x28, 47040016 bytes in all, found 0"));
        byte[] huge = java.nio.ByteBuffer.allocate(16).putInt(IdxReader.IMAGES_MAGIC)
                .putInt(100000).putInt(1000).putInt(1000).array();
        Path big = IdxFiles.write(dir, "big", huge);
        assertTrue(fails(big, () -> IdxReader.images(big)).problem().contains("more than one array holds"));
    }

    @Test
    void trailingBytesAreAnError() throws IOException {
        byte[] full = IdxFiles.labels(1, 2, 3);
        Path labels = IdxFiles.write(dir, "labels", Arrays.copyOf(full, full.length + 5));
        assertTrue(fails(labels, () -> IdxReader.labels(labels)).problem()
                .startsWith("5 unexpected bytes after the 3 labels"));
    }

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        Path images = IdxFiles.write(dir, "images", IdxFiles.images(5, 2, 2));
        Path labels = IdxFiles.write(dir, "labels", IdxFiles.labels(1, 2, 3, 4));
        DataFileException e = fails(images, () -> IdxReader.dataset(images, labels));
        assertEquals("5 images but " + labels + " has 4 labels", e.problem());
    }

    @Test
    void aMissingFileIsAnIoExceptionNamingIt() {
        Path missing = dir.resolve("nope.gz");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> IdxReader.labels(missing));
        assertTrue(e.getMessage().contains(missing.toString()));
    }
}
