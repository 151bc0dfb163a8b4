package dev.nabla.cli.run;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT handling for a job: the first signal asks training to stop after the current
 * step (the job then writes a checkpoint and exits with 143 for SIGTERM, 130 for SIGINT); a second
 * one exits at once. Uses {@code sun.misc.Signal} (module jdk.unsupported), because a shutdown hook
 * cannot delay the exit until the checkpoint is written. Closing restores the previous handlers.
 */
public final class Preemption implements AutoCloseable {
    private final Map<Signal, SignalHandler> previous = new HashMap<>();
    private final Runnable onFirst;
    private final PrintStream err;
    private volatile String received;

    private Preemption(Runnable onFirst, PrintStream err) {
        this.onFirst = onFirst;
        this.err = err;
    }

    /** Installs the handlers; {@code onFirst} runs (on the signal thread) at the first signal. */
    public static Preemption install(Runnable onFirst, PrintStream err) {
        Preemption p = new Preemption(onFirst, err);
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal signal = new Signal(name);
                p.previous.put(signal, Signal.handle(signal, p::handle));
            } catch (IllegalArgumentException e) {
                // The signal is not available here (or the JVM uses it with -Xrs): nothing to handle.
            }
        }
        return p;
    }

    private void handle(Signal signal) {
        if (received != null) {
            err.println("nabla: second SIG" + signal.getName() + ": exiting now, without a new checkpoint");
            err.flush();
            Runtime.getRuntime().halt(exitCode(signal.getName()));
        }
        received = signal.getName();
        err.println();
        err.println("nabla: SIG" + signal.getName() + " received: finishing the current step, then writing a checkpoint"
                + " (send it again to exit at once)");
        err.flush();
        onFirst.run();
    }

    /** The signal received ("TERM" or "INT"), or null. */
    public String received() {
        return received;
    }

    /** 143 for TERM, 130 for INT: 128 + the signal number, what shells report for a killed process. */
    public static int exitCode(String signal) {
        return signal.equals("INT") ? 130 : 143;
    }

    @Override
    public void close() {
        previous.forEach((signal, handler) -> {
            try {
                Signal.handle(signal, handler);
            } catch (NullPointerException e) {
                // The JDK hands back a handler it cannot re-install when the previous one was its own
                // shutdown handler seen through another wrapper: the default action is the same.
                Signal.handle(signal, SignalHandler.SIG_DFL);
            }
        });
    }
}
