package dev.nabla.data;

import java.nio.file.Path;

/**
 * A data file that cannot be used as it is: a bad magic number, a truncated file, a non-numeric
 * cell, a ragged row. The message starts with the file and says what is wrong, e.g.
 * {@code /data/train-images.gz: truncated at byte 1016 of the decompressed data: ...}.
 *
 * <pre>{@code
 * try { IdxReader.dataset(images, labels); }
 * catch (DataFileException e) { log.error(e.getMessage()); }  // names e.file() and e.problem()
 * }</pre>
 */
public class DataFileException extends RuntimeException {
    private final transient Path file;
    private final String problem;

    public DataFileException(Path file, String problem) {
        this(file, problem, null);
    }

    public DataFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    /** The file that is wrong. */
    public Path file() {
        return file;
    }

    /** What is wrong with it, without the file name. */
    public String problem() {
        return problem;
    }
}
