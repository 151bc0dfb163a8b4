package dev.nabla.backend;

/**
 * Reductions over one axis. {@code ARGMAX}/{@code ARGMIN} write int64 indices and pick the first
 * index on ties; {@code MAX}/{@code MIN} propagate NaN.
 */
public enum ReduceOp {
    SUM, MAX, MIN, ARGMAX, ARGMIN;

    /** Kernel name, e.g. {@code reduce_sum}. */
    public String kernelName() {
        return "reduce_" + name().toLowerCase(java.util.Locale.ROOT);
    }
}
