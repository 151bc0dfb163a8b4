package dev.nabla.backend.fused;

import dev.nabla.backend.Strided;

/**
 * Fused optimizer updates, in place on contiguous views of equal length, with torch.optim
 * semantics (see {@code dev.nabla.optim.Updates} for the formulas both paths implement).
 */
public interface UpdateKernels {
    /**
     * SGD step. With {@code momentum != 0} the buffer {@code velocity} is updated first
     * ({@code firstStep} initialises it to the gradient, as PyTorch does); {@code velocity} may be
     * null when {@code momentum == 0}.
     */
    void sgdUpdate(Strided param, Strided grad, Strided velocity, double lr, double momentum, double dampening,
                   double weightDecay, boolean nesterov, boolean firstStep);

    /**
     * Adam step {@code step} (1-based) with bias correction; {@code decoupledWeightDecay} selects
     * AdamW's {@code param -= lr * weightDecay * param} instead of L2 added to the gradient.
     */
    void adamUpdate(Strided param, Strided grad, Strided m, Strided v, long step, double lr, double beta1,
                    double beta2, double eps, double weightDecay, boolean decoupledWeightDecay);
}
