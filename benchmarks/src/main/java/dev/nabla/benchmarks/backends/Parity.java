package dev.nabla.benchmarks.backends;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.tensor.Tensor;

/** What every benchmark here does before timing: opens its backend and checks its result against the reference's. */
final class Parity {
    private Parity() {
    }

    /**
     * The backend by name ({@code cuda}, {@code opencl}, {@code cpu}, {@code reference}). One that is on the class
     * path but cannot run on this machine stops the benchmark's setup with {@link Skipped} and the reason; JMH
     * reports that parameter set as failed and goes on with the next.
     */
    static Backend backend(String name) {
        for (Backends.Status status : Backends.available()) {
            if (status.name().equals(name) && !status.available()) {
                throw new Skipped(name, status.unavailableReason());
            }
        }
        return Backends.get(name);
    }

    /** Fails unless {@code |actual - expected| <= tol * (1 + |expected|)} everywhere. */
    static void assertClose(String what, double[] expected, double[] actual, double tol) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": " + actual.length + " values, expected " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= tol * (1 + Math.abs(expected[i])))) {
                throw new AssertionError(what + ": element " + i + " is " + actual[i] + ", reference " + expected[i]);
            }
        }
    }

    /** Waits for an asynchronous backend: reading one element is its synchronisation point. */
    static void sync(Tensor t) {
        t.flatten().narrow(0, 0, 1).item();
    }

    /** A benchmark's backend cannot run here: one line with the reason, no stack trace. */
    static final class Skipped extends RuntimeException {
        Skipped(String backend, String reason) {
            super("SKIPPED: backend " + backend + " is unavailable on this machine: " + reason, null, false, false);
        }
    }
}
