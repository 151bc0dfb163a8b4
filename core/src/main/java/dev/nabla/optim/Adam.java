package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * Adam (Kingma and Ba, 2015) with bias correction and optional L2 weight decay, as
 * {@code torch.optim.Adam}; {@link AdamW} decouples the decay (formulas in {@link Updates}).
 */
public class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupled;

    /** Betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public Adam(List<Tensor> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0);
    }

    public Adam(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        this(params, lr, beta1, beta2, eps, weightDecay, false);
    }

    Adam(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        super(params, lr);
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1) || !(eps >= 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": betas must be in [0, 1), eps and weight decay >= 0");
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
    }

    @Override
    protected void update(int i, Tensor param, Tensor grad, long step) {
        Updates.adam(param, grad, state(i, "exp_avg"), state(i, "exp_avg_sq"), step, learningRate(), beta1, beta2, eps,
                weightDecay, decoupled);
    }
}
