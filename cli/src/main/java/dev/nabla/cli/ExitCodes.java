package dev.nabla.cli;

/**
 * The exit codes of {@code nabla} (also in {@code nabla train --help} and the README).
 */
public final class ExitCodes {
    /** Success (a job that finished, or stopped early by early stopping). */
    public static final int OK = 0;
    /** The job failed while running (an I/O error, a backend error, a bug). */
    public static final int FAILURE = 1;
    /** Invalid usage or input: bad options, or a job file field that is unknown or invalid (before any work). */
    public static final int INVALID = 2;
    /** Stopped by SIGINT (Ctrl-C) after writing a checkpoint: 128 + 2. Resume with {@code --resume}. */
    public static final int INTERRUPTED = 130;
    /** Stopped by SIGTERM (a scheduler's preemption) after writing a checkpoint: 128 + 15. Resume with {@code --resume}. */
    public static final int TERMINATED = 143;

    /** The text for {@code --help} footers. */
    public static final String HELP = """
            Exit codes:
              0    finished (or stopped by early stopping)
              1    failed while running
              2    invalid options or job file (nothing was started)
              130  SIGINT (Ctrl-C): stopped after writing a checkpoint; continue with --resume
              143  SIGTERM: stopped after writing a checkpoint; continue with --resume""";

    private ExitCodes() {
    }
}
