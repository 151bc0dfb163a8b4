package dev.nabla.autodiff;

import dev.nabla.tensor.Tensor;

/** The backward rule a fused op records with its node (its {@code info}). */
@FunctionalInterface
public interface FusedRule {
    /**
     * Gradients for each input of {@code node} given the gradient of its output; null where an
     * input needs none. Runs with gradient recording off.
     */
    Tensor[] backward(Node node, Tensor grad);
}
