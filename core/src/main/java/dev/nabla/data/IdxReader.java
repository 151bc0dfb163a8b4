package dev.nabla.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST: a big-endian magic number
 * ({@code 0x00000803}: unsigned-byte images N x H x W; {@code 0x00000801}: unsigned-byte labels N),
 * the dimensions, then the bytes. Gzipped files are recognised by their first two bytes, whatever
 * their name. Images become samples of shape {@code [1, H, W]} scaled to [0, 1] ({@code byte / 255});
 * they stay bytes in memory (47 MB for Fashion-MNIST's training set).
 *
 * <pre>{@code
 * Path dir = Path.of("/usr/share/datasets/fashion-mnist");
 * Dataset train = IdxReader.dataset(dir.resolve("train-images-idx3-ubyte.gz"),
 *                                   dir.resolve("train-labels-idx1-ubyte.gz"));
 * }</pre>
 *
 * <p>A file that is not what it claims fails with a {@link DataFileException} naming the file and
 * the problem: a bad magic number, a header that ends early, data truncated at byte N (counted in
 * the decompressed stream for gzipped files), a damaged gzip stream, bytes after the declared data,
 * or image and label counts that differ.
 */
public final class IdxReader {
    /** Magic number of an IDX file of unsigned-byte images (3 dimensions: N, H, W). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX file of unsigned-byte labels (1 dimension: N). */
    public static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {
    }

    /**
     * Images and their labels as one labelled dataset; the number of classes is the largest label + 1.
     *
     * @throws DataFileException if either file is malformed or their counts differ
     * @throws IOException       if a file cannot be read (missing, unreadable)
     */
    public static Dataset dataset(Path images, Path labels) throws IOException {
        ByteImageDataset pixels = readImages(images);
        int[] values = labels(labels);
        if (values.length != pixels.size()) {
            throw new DataFileException(images, pixels.size() + " images but " + labels + " has "
                    + values.length + " labels");
        }
        return pixels.withLabels(Labels.inferred(values), images.getFileName() + " + " + labels.getFileName());
    }

    /**
     * The images of an IDX image file as an unlabelled dataset of {@code [1, H, W]} samples in [0, 1].
     *
     * @throws DataFileException if the file is malformed
     */
    public static Dataset images(Path file) throws IOException {
        return readImages(file);
    }

    /**
     * The labels of an IDX label file, one int (0..255) per item.
     *
     * @throws DataFileException if the file is malformed
     */
    public static int[] labels(Path file) throws IOException {
        byte[] bytes = read(file, LABELS_MAGIC);
        int[] out = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[i] & 0xFF;
        }
        return out;
    }

    private static ByteImageDataset readImages(Path file) throws IOException {
        int[] dims = new int[3];
        byte[] pixels = read(file, IMAGES_MAGIC, dims);
        return new ByteImageDataset(pixels, new int[] {1, dims[1], dims[2]}, null, file.getFileName().toString());
    }

    private static byte[] read(Path file, int magic) throws IOException {
        return read(file, magic, new int[magic & 0xFF]);
    }

    /** Reads a file of the given magic number, storing its dimensions in {@code dims}; returns the data bytes. */
    private static byte[] read(Path file, int magic, int[] dims) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            boolean gzipped = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            Source in = new Source(file, gzipped ? new GZIPInputStream(raw, 1 << 16) : raw, gzipped);
            int found = in.readInt("the magic number");
            if (found != magic) {
                throw new DataFileException(file, badMagic(found, magic));
            }
            long total = 1;
            for (int d = 0; d < dims.length; d++) {
                dims[d] = in.readInt("dimension " + (d + 1) + " of " + dims.length);
                if (dims[d] < 0 || (d > 0 && dims[d] == 0)) {
                    throw new DataFileException(file, "dimension " + (d + 1) + " in the header is " + dims[d]);
                }
                total *= dims[d];
            }
            if (total > Integer.MAX_VALUE - 16) {
                throw new DataFileException(file, "header declares " + total
                        + " data bytes, more than one array holds");
            }
            byte[] data = in.readData((int) total, dims);
            in.expectEnd(dims);
            return data;
        }
    }

    private static String badMagic(int found, int expected) {
        String want = expected == IMAGES_MAGIC ? "an IDX image file" : "an IDX label file";
        String hint = found == IMAGES_MAGIC ? " (this is an IDX image file)"
                : found == LABELS_MAGIC ? " (this is an IDX label file)"
                : (found >>> 16) != 0 ? " (not an IDX file: the first two bytes must be zero)"
                : " (an IDX file of another type or number of dimensions)";
        return String.format("bad magic number 0x%08x, expected 0x%08x for %s%s", found, expected, want, hint);
    }

    /** The (decompressed) byte stream with its position, turning stream errors into messages with both. */
    private static final class Source {
        /** Read size: small enough that the position in an error is close to where the damage is. */
        private static final int CHUNK = 8192;
        private final Path file;
        private final InputStream in;
        private final String unit;
        private long position;
        private String expecting = "data";

        Source(Path file, InputStream in, boolean gzipped) {
            this.file = file;
            this.in = in;
            this.unit = gzipped ? " of the decompressed data" : "";
        }

        int readInt(String what) throws IOException {
            long start = position;
            expecting = "the header (" + what + " at bytes " + start + ".." + (start + 3) + ")";
            byte[] b = new byte[4];
            if (fill(b, 0, 4) < 4) {
                throw new DataFileException(file, "truncated at byte " + position + unit + ": the file ends inside "
                        + expecting);
            }
            return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
        }

        /** Reads exactly {@code count} bytes, growing the array as data arrives so a lying header costs nothing. */
        byte[] readData(int count, int[] dims) throws IOException {
            long end = position + count;
            expecting = describe(dims) + ", " + end + " bytes in all";
            byte[] data = new byte[Math.min(count, 1 << 20)];
            int got = 0;
            while (got < count) {
                if (got == data.length) {
                    data = Arrays.copyOf(data, (int) Math.min(count, 2L * data.length));
                }
                int n = fill(data, got, data.length - got);
                got += n;
                if (got < data.length) {
                    long itemSize = Math.max(1, count / Math.max(dims[0], 1));
                    throw new DataFileException(file, "truncated at byte " + position + unit + ": expected "
                            + expecting + ", found " + (got / itemSize) + " complete "
                            + (dims.length == 1 ? "labels" : "images"));
                }
            }
            return data;
        }

        void expectEnd(int[] dims) throws IOException {
            expecting = "the end of the file after " + describe(dims);
            byte[] probe = new byte[4096];
            long extra = 0;
            int n;
            while ((n = fill(probe, 0, probe.length)) > 0) {
                extra += n;
            }
            if (extra > 0) {
                throw new DataFileException(file, extra + " unexpected bytes after the " + describe(dims)
                        + " the header declares (ends at byte " + (position - extra) + unit + ")");
            }
        }

        /** Reads up to {@code len} bytes; fewer only at the end of the stream. */
        private int fill(byte[] dst, int off, int len) throws IOException {
            int done = 0;
            try {
                while (done < len) {
                    int n = in.read(dst, off + done, Math.min(len - done, CHUNK));
                    if (n < 0) {
                        break;
                    }
                    done += n;
                    position += n;
                }
            } catch (EOFException e) {
                throw new DataFileException(file, "truncated: the gzip stream ends unexpectedly after byte " + position
                        + unit + " (expected " + expecting + ")", e);
            } catch (ZipException e) {
                throw new DataFileException(file, "corrupt gzip data after byte " + position + unit + " ("
                        + e.getMessage() + "; expected " + expecting + ")", e);
            }
            return done;
        }
    }

    private static String describe(int[] dims) {
        return dims.length == 1 ? dims[0] + " labels"
                : dims[0] + " images of " + dims[1] + "x" + dims[2];
    }
}
