package dev.nabla.optim;

import dev.nabla.autodiff.GradMode;
import dev.nabla.tensor.Tensor;
import java.util.Collection;

/** Gradient clipping, in place on the parameters' gradients (PyTorch's {@code clip_grad_norm_} / {@code clip_grad_value_}). */
public final class GradClip {
    private GradClip() {
    }

    /**
     * Scales all gradients by {@code maxNorm / (norm + 1e-6)} when their global L2 norm exceeds
     * {@code maxNorm}.
     *
     * @return the global norm before clipping
     */
    public static double byNorm(Collection<Tensor> params, double maxNorm) {
        try (GradMode.Scope off = GradMode.noGrad()) {
            double squares = 0;
            for (Tensor p : params) {
                if (p.grad() != null) {
                    squares += p.grad().mul(p.grad()).sum().item();
                }
            }
            double norm = Math.sqrt(squares);
            double coefficient = maxNorm / (norm + 1e-6);
            if (coefficient < 1) {
                params.stream().filter(p -> p.grad() != null).forEach(p -> p.grad().mul_(coefficient));
            }
            return norm;
        }
    }

    /** Clamps every gradient element to {@code [-clip, clip]}. */
    public static void byValue(Collection<Tensor> params, double clip) {
        try (GradMode.Scope off = GradMode.noGrad()) {
            for (Tensor p : params) {
                if (p.grad() != null) {
                    p.grad().copy_(p.grad().clamp(-clip, clip));
                }
            }
        }
    }
}
