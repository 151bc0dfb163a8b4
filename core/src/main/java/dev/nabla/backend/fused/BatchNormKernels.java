package dev.nabla.backend.fused;

import dev.nabla.backend.Strided;

/**
 * Fused batch normalisation in training mode over contiguous {@code x (N, C, S)} ({@code S} is the
 * flattened spatial size, 1 for BatchNorm1d), normalising each channel over {@code N*S} values with
 * the biased batch variance.
 */
public interface BatchNormKernels {
    /**
     * {@code out = (x - mean) * invStd * gamma + beta}; writes the batch {@code mean (C)} and
     * {@code invStd = 1/sqrt(var + eps)} {@code (C)} for the backward pass and running statistics.
     */
    void batchNormForward(Strided x, Strided gamma, Strided beta, double eps, Strided out, Strided mean, Strided invStd);

    /** Overwrites {@code dx}, {@code dgamma (C)} and {@code dbeta (C)} given the saved statistics. */
    void batchNormBackward(Strided grad, Strided x, Strided gamma, Strided mean, Strided invStd,
                           Strided dx, Strided dgamma, Strided dbeta);
}
