package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * Adagrad as {@code torch.optim.Adagrad}: {@code clr = lr / (1 + (t - 1) lrDecay)}; {@code g += wd p};
 * {@code sum += g^2}; {@code p -= clr g / (sqrt(sum) + eps)}; {@code sum} starts at
 * {@code initialAccumulator}.
 */
public class Adagrad extends Optimizer {
    private final double lrDecay;
    private final double weightDecay;
    private final double initialAccumulator;
    private final double eps;

    /** No decay, accumulator 0, eps 1e-10. */
    public Adagrad(List<Tensor> params, double lr) {
        this(params, lr, 0, 0, 0, 1e-10);
    }

    public Adagrad(List<Tensor> params, double lr, double lrDecay, double weightDecay, double initialAccumulator, double eps) {
        super(params, lr);
        if (!(lrDecay >= 0) || !(weightDecay >= 0) || !(initialAccumulator >= 0) || !(eps >= 0)) {
            throw new IllegalArgumentException("Adagrad: lr decay, weight decay, initial accumulator and eps must be >= 0");
        }
        this.lrDecay = lrDecay;
        this.weightDecay = weightDecay;
        this.initialAccumulator = initialAccumulator;
        this.eps = eps;
    }

    @Override
    protected void update(int i, Tensor param, Tensor grad, long step) {
        boolean fresh = !hasState(i, "sum");
        Tensor sum = state(i, "sum");
        if (fresh && initialAccumulator != 0) {
            sum.fill_(initialAccumulator);
        }
        Tensor g = weightDecay != 0 ? grad.add(param.mul(weightDecay)) : grad;
        double clr = learningRate() / (1 + (step - 1) * lrDecay);
        sum.add_(g.mul(g));
        param.sub_(g.div(sum.sqrt().add(eps)).mul(clr));
    }
}
