package dev.nabla.backend.reference;

import dev.nabla.backend.Strided;

/** SGD and Adam updates element by element, the formulas of {@code dev.nabla.optim.Updates}. */
final class ReferenceUpdates {
    private ReferenceUpdates() {
    }

    static void sgd(Strided param, Strided grad, Strided velocity, double lr, double momentum, double dampening,
                    double weightDecay, boolean nesterov, boolean firstStep) {
        ReferenceBuffer p = ReferenceBackend.own(param.buffer(), "sgd_update");
        ReferenceBuffer g = ReferenceBackend.own(grad.buffer(), "sgd_update");
        ReferenceBuffer v = velocity == null ? null : ReferenceBackend.own(velocity.buffer(), "sgd_update");
        long n = param.numel();
        for (int i = 0; i < n; i++) {
            double pi = p.get(param.offset() + i);
            double gi = g.get(grad.offset() + i) + weightDecay * pi;
            if (momentum != 0) {
                int vi = velocity.offset() + i;
                double buf = firstStep ? gi : momentum * v.get(vi) + (1 - dampening) * gi;
                v.set(vi, buf);
                gi = nesterov ? gi + momentum * buf : buf;
            }
            p.set(param.offset() + i, pi - lr * gi);
        }
    }

    static void adam(Strided param, Strided grad, Strided m, Strided v, long step, double lr, double beta1, double beta2,
                     double eps, double weightDecay, boolean decoupled) {
        ReferenceBuffer p = ReferenceBackend.own(param.buffer(), "adam_update");
        ReferenceBuffer g = ReferenceBackend.own(grad.buffer(), "adam_update");
        ReferenceBuffer bm = ReferenceBackend.own(m.buffer(), "adam_update");
        ReferenceBuffer bv = ReferenceBackend.own(v.buffer(), "adam_update");
        double correction1 = 1 - Math.pow(beta1, step);
        double correction2 = 1 - Math.pow(beta2, step);
        long n = param.numel();
        for (int i = 0; i < n; i++) {
            double pi = p.get(param.offset() + i);
            double gi = g.get(grad.offset() + i);
            if (decoupled) {
                pi *= 1 - lr * weightDecay;
            } else {
                gi += weightDecay * pi;
            }
            double mi = beta1 * bm.get(m.offset() + i) + (1 - beta1) * gi;
            double vi = beta2 * bv.get(v.offset() + i) + (1 - beta2) * gi * gi;
            bm.set(m.offset() + i, mi);
            bv.set(v.offset() + i, vi);
            p.set(param.offset() + i, pi - lr * (mi / correction1) / (Math.sqrt(vi / correction2) + eps));
        }
    }
}
