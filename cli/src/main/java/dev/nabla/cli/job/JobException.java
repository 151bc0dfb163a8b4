package dev.nabla.cli.job;

import java.nio.file.Path;

/**
 * A job file that cannot be used: unreadable, not YAML/JSON, or a field that is unknown or invalid.
 * The message names the file and, for a field, its full path: {@code job.yaml: optimizer.lr: must be
 * positive, got -0.1}. {@code nabla} exits with code 2 on it, before any work starts.
 */
public class JobException extends RuntimeException {
    public JobException(Path file, String message) {
        super(file + ": " + message);
    }

    public JobException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
    }
}
