package dev.nabla.benchmarks.cuda;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.tensor.Tensor;

/** What every CUDA benchmark does before timing: checks its result against the reference backend's. */
final class Parity {
    private Parity() {
    }

    /** The backend by name: {@code cuda} (or any other registered backend, for comparison: {@code -p backend=opencl}). */
    static Backend backend(String name) {
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
}
