package dev.nabla.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Human-readable progress: a bar redrawn in place on a terminal, plain log lines elsewhere (CI,
 * nohup, a scheduler's log), or nothing.
 */
public final class Progress {
    /** How progress is shown. */
    public enum Mode {
        /** A bar when standard output is a terminal, lines otherwise. */
        AUTO, BAR, LINES, OFF
    }

    private final Mode mode;
    private final PrintStream out;
    private final int everySteps;

    /** {@code everySteps}: how often LINES mode prints a step line (0: only epochs). */
    public Progress(Mode mode, PrintStream out, int everySteps) {
        this.mode = mode == Mode.AUTO ? (System.console() != null && System.getenv("CI") == null ? Mode.BAR : Mode.LINES) : mode;
        this.out = out;
        this.everySteps = everySteps;
    }

    /** The mode in effect (AUTO resolved). */
    public Mode mode() {
        return mode;
    }

    void step(int epoch, int epochs, int batch, int batches, double loss, double samplesPerSecond) {
        if (mode == Mode.BAR) {
            int width = 30;
            int done = batches == 0 ? width : (int) ((long) width * batch / batches);
            out.printf(Locale.ROOT, "\repoch %d/%d [%s%s] %d/%d loss %.4f %.0f samples/s ", epoch + 1, epochs,
                    "=".repeat(done), " ".repeat(width - done), batch, batches, loss, samplesPerSecond);
            out.flush();
        } else if (mode == Mode.LINES && everySteps > 0 && batch % everySteps == 0) {
            out.printf(Locale.ROOT, "epoch %d/%d step %d/%d loss %.4f %.0f samples/s%n", epoch + 1, epochs, batch, batches,
                    loss, samplesPerSecond);
        }
    }

    void epoch(int epochs, EpochResult r) {
        if (mode == Mode.OFF) {
            return;
        }
        if (mode == Mode.BAR) {
            out.print("\r");
        }
        String validation = r.validation() == null ? "" : String.format(Locale.ROOT, " | val loss %.4f%s", r.validation().loss(),
                Double.isNaN(r.validation().accuracy()) ? "" : String.format(Locale.ROOT, " acc %.2f%%", 100 * r.validation().accuracy()));
        String train = Double.isNaN(r.trainAccuracy()) ? "" : String.format(Locale.ROOT, " acc %.2f%%", 100 * r.trainAccuracy());
        out.printf(Locale.ROOT, "epoch %d/%d train loss %.4f%s%s | lr %.3g | %.1fs, %.0f samples/s%n", r.epoch() + 1, epochs,
                r.trainLoss(), train, validation, r.learningRate(), r.seconds(), r.samplesPerSecond());
    }
}
