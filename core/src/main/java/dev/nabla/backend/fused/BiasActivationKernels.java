package dev.nabla.backend.fused;

import dev.nabla.backend.Strided;
import dev.nabla.backend.UnaryOp;

/** Fused {@code out = activation(x + bias)} over contiguous {@code x (N, C, S)} and {@code bias (C)}. */
public interface BiasActivationKernels {
    /** {@code activation} null means identity; {@code alpha} as in {@link dev.nabla.backend.Backend#unary}. */
    void biasActivation(Strided x, Strided bias, UnaryOp activation, double alpha, Strided out);
}
