package dev.nabla.backend;

/** Distributions the counter-based random primitive can sample. */
public enum Distribution {
    /** uniform on [0, 1) */
    UNIFORM,
    /** standard normal (mean 0, variance 1), by Box-Muller */
    NORMAL
}
