package dev.nabla.optim;

import dev.nabla.autodiff.GradMode;
import dev.nabla.backend.fused.UpdateKernels;
import dev.nabla.tensor.Tensor;

/**
 * In-place parameter updates with torch.optim semantics, through the backend's fused kernel when
 * it has one and tensor ops otherwise.
 *
 * <p>SGD: {@code g = grad + wd * p}; with momentum {@code v = g} on the first step, then
 * {@code v = momentum * v + (1 - dampening) * g}; {@code g = nesterov ? g + momentum * v : v};
 * {@code p -= lr * g}.
 *
 * <p>Adam (step t from 1): {@code g = grad + wd * p} (or, decoupled as in AdamW,
 * {@code p *= 1 - lr * wd}); {@code m = b1 m + (1 - b1) g}; {@code v = b2 v + (1 - b2) g^2};
 * {@code p -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)}.
 */
public final class Updates {
    private Updates() {
    }

    /** One SGD step on {@code param}; {@code velocity} may be null when {@code momentum == 0}. */
    public static void sgd(Tensor param, Tensor grad, Tensor velocity, double lr, double momentum, double dampening,
                           double weightDecay, boolean nesterov, boolean firstStep) {
        if (param.backend() instanceof UpdateKernels kernels && allContiguous(param, grad, velocity)) {
            kernels.sgdUpdate(param.strided(), grad.strided(), velocity == null ? null : velocity.strided(), lr, momentum,
                    dampening, weightDecay, nesterov, firstStep);
            bump(param, velocity);
            return;
        }
        try (GradMode.Scope off = GradMode.noGrad()) {
            Tensor g = weightDecay != 0 ? grad.add(param.mul(weightDecay)) : grad;
            if (momentum != 0) {
                if (firstStep) {
                    velocity.copy_(g);
                } else {
                    velocity.mul_(momentum).add_(g.mul(1 - dampening));
                }
                g = nesterov ? g.add(velocity.mul(momentum)) : velocity;
            }
            param.sub_(g.mul(lr));
        }
    }

    /** One Adam/AdamW step ({@code step} counts from 1). */
    public static void adam(Tensor param, Tensor grad, Tensor m, Tensor v, long step, double lr, double beta1,
                            double beta2, double eps, double weightDecay, boolean decoupledWeightDecay) {
        if (param.backend() instanceof UpdateKernels kernels && allContiguous(param, grad, m, v)) {
            kernels.adamUpdate(param.strided(), grad.strided(), m.strided(), v.strided(), step, lr, beta1, beta2, eps,
                    weightDecay, decoupledWeightDecay);
            bump(param, m);
            bump(v, null);
            return;
        }
        try (GradMode.Scope off = GradMode.noGrad()) {
            Tensor g = grad;
            if (weightDecay != 0 && decoupledWeightDecay) {
                param.mul_(1 - lr * weightDecay);
            } else if (weightDecay != 0) {
                g = grad.add(param.mul(weightDecay));
            }
            m.mul_(beta1).add_(g.mul(1 - beta1));
            v.mul_(beta2).add_(g.mul(g).mul(1 - beta2));
            double correction1 = 1 - Math.pow(beta1, step);
            double correction2 = 1 - Math.pow(beta2, step);
            Tensor denominator = v.div(correction2).sqrt().add(eps);
            param.sub_(m.div(correction1).div(denominator).mul(lr));
        }
    }

    private static boolean allContiguous(Tensor... tensors) {
        for (Tensor t : tensors) {
            if (t != null && !t.isContiguous()) {
                return false;
            }
        }
        return true;
    }

    /** A fused kernel wrote these tensors behind autograd's back: mark them modified. */
    private static void bump(Tensor a, Tensor b) {
        a.markModified();
        if (b != null) {
            b.markModified();
        }
    }
}
