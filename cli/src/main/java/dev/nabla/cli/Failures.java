package dev.nabla.cli;

import java.io.IOException;
import java.io.UncheckedIOException;

/** How commands report a failure while running: the message for I/O problems, the stack trace for anything else (a bug). */
final class Failures {
    private Failures() {
    }

    /** Prints {@code e} and returns {@link ExitCodes#FAILURE}. */
    static int report(String command, Exception e) {
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            System.err.println(command + ": " + e.getMessage());
        } else {
            System.err.println(command + ": failed: " + e);
            e.printStackTrace(System.err);
        }
        return ExitCodes.FAILURE;
    }
}
