package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * RMSprop as {@code torch.optim.RMSprop}: {@code g += wd p}; {@code s = alpha s + (1 - alpha) g^2};
 * centered: {@code a = alpha a + (1 - alpha) g}, {@code d = sqrt(s - a^2) + eps}, else
 * {@code d = sqrt(s) + eps}; with momentum {@code b = momentum b + g / d}, {@code p -= lr b}, else
 * {@code p -= lr g / d}.
 */
public class RMSprop extends Optimizer {
    private final double alpha;
    private final double eps;
    private final double weightDecay;
    private final double momentum;
    private final boolean centered;

    /** alpha 0.99, eps 1e-8, no momentum, not centered. */
    public RMSprop(List<Tensor> params, double lr) {
        this(params, lr, 0.99, 1e-8, 0, 0, false);
    }

    public RMSprop(List<Tensor> params, double lr, double alpha, double eps, double weightDecay, double momentum,
                   boolean centered) {
        super(params, lr);
        if (!(alpha >= 0) || !(eps >= 0) || !(weightDecay >= 0) || !(momentum >= 0)) {
            throw new IllegalArgumentException("RMSprop: alpha, eps, weight decay and momentum must be >= 0");
        }
        this.alpha = alpha;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.momentum = momentum;
        this.centered = centered;
    }

    @Override
    protected void update(int i, Tensor param, Tensor grad, long step) {
        Tensor g = weightDecay != 0 ? grad.add(param.mul(weightDecay)) : grad;
        Tensor square = state(i, "square_avg");
        square.mul_(alpha).add_(g.mul(g).mul(1 - alpha));
        Tensor denominator;
        if (centered) {
            Tensor average = state(i, "grad_avg");
            average.mul_(alpha).add_(g.mul(1 - alpha));
            denominator = square.sub(average.mul(average)).sqrt().add(eps);
        } else {
            denominator = square.sqrt().add(eps);
        }
        if (momentum > 0) {
            Tensor buffer = state(i, "momentum_buffer");
            buffer.mul_(momentum).add_(g.div(denominator));
            param.sub_(buffer.mul(learningRate()));
        } else {
            param.sub_(g.div(denominator).mul(learningRate()));
        }
    }
}
