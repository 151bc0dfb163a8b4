package dev.nabla.backend.fused;

import dev.nabla.backend.Strided;

/** Fused softmax and softmax cross-entropy over the last axis of contiguous {@code (rows, cols)} views. */
public interface SoftmaxKernels {
    /** {@code out = softmax(x)} row by row, or {@code log_softmax(x)} when {@code log}; max-shifted, so it never overflows. */
    void softmax(Strided x, Strided out, boolean log);

    /**
     * Per-row cross-entropy from logits: {@code losses[r] = logsumexp(logits[r]) - logits[r, labels[r]]};
     * {@code labels} is INT32 or INT64 of shape {@code (rows)}; a label outside {@code [0, cols)}
     * throws {@link IndexOutOfBoundsException}.
     */
    void crossEntropy(Strided logits, Strided labels, Strided losses);
}
