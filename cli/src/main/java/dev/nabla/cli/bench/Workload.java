package dev.nabla.cli.bench;

import dev.nabla.backend.Backend;

/**
 * One benchmark: a name, the work one run does (floating-point operations or bytes moved) and how
 * to set it up on a backend.
 *
 * @param name  e.g. {@code gemm 512}
 * @param group what the chart groups by (gemm, conv2d, ...)
 * @param unit  {@code GFLOP/s} or {@code GB/s}
 * @param work  operations (for GFLOP/s) or bytes (for GB/s) of one run
 * @param setup creates the inputs on a backend
 */
public record Workload(String name, String group, String unit, double work, Setup setup) {

    /** Creates a runnable instance with its inputs on {@code backend}. */
    @FunctionalInterface
    public interface Setup {
        Instance create(Backend backend);
    }

    /** A workload with its inputs allocated on one backend. */
    public interface Instance extends AutoCloseable {
        /** One run, waiting until the backend has finished it. */
        void run();

        /** One run's result as host values, to check against the reference backend (null: not checked). */
        float[] output();

        /** Frees the inputs. */
        @Override
        void close();
    }
}
