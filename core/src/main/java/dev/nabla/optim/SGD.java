package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * Stochastic gradient descent with momentum, dampening, Nesterov momentum and weight decay,
 * exactly as {@code torch.optim.SGD} (formulas in {@link Updates}).
 */
public class SGD extends Optimizer {
    private final double momentum;
    private final double dampening;
    private final double weightDecay;
    private final boolean nesterov;

    /** Plain SGD. */
    public SGD(List<Tensor> params, double lr) {
        this(params, lr, 0, 0, 0, false);
    }

    /** SGD with momentum (no dampening, no weight decay). */
    public SGD(List<Tensor> params, double lr, double momentum) {
        this(params, lr, momentum, 0, 0, false);
    }

    public SGD(List<Tensor> params, double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        super(params, lr);
        if (momentum < 0 || weightDecay < 0) {
            throw new IllegalArgumentException("SGD: momentum and weight decay must be >= 0");
        }
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("SGD: Nesterov momentum requires a momentum and zero dampening");
        }
        this.momentum = momentum;
        this.dampening = dampening;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
    }

    @Override
    protected void update(int i, Tensor param, Tensor grad, long step) {
        boolean first = momentum != 0 && !hasState(i, "momentum_buffer");
        Tensor velocity = momentum != 0 ? state(i, "momentum_buffer") : null;
        Updates.sgd(param, grad, velocity, learningRate(), momentum, dampening, weightDecay, nesterov, first);
    }
}
