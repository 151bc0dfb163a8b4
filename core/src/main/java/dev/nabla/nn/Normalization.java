package dev.nabla.nn;

import dev.nabla.autodiff.FusedRule;
import dev.nabla.autodiff.GradMode;
import dev.nabla.autodiff.Op;
import dev.nabla.backend.fused.BatchNormKernels;
import dev.nabla.tensor.Recorder;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

/** Batch normalisation over {@code (N, C, *)}: per channel, across the batch and spatial positions. */
final class Normalization {
    private Normalization() {
    }

    static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor gamma, Tensor beta,
                            boolean training, double momentum, double eps) {
        if (x.rank() < 2) {
            throw new IllegalArgumentException("batch_norm: expects (N, C, ...), got " + Shapes.str(x.shape()));
        }
        int n = x.size(0);
        int c = x.size(1);
        Tensor x3 = x.reshape(n, c, -1);
        int count = n * x3.size(2);
        Tensor w = gamma != null ? gamma : x.zerosLike(c).add(1);
        Tensor b = beta != null ? beta : x.zerosLike(c);
        if (!training) {
            Tensor scale = w.div(runningVar.add(eps).sqrt()).reshape(1, c, 1);
            return x3.sub(runningMean.reshape(1, c, 1)).mul(scale).add(b.reshape(1, c, 1)).reshape(x.shape());
        }
        if (count <= 1) {
            throw new IllegalArgumentException("batch_norm: expected more than 1 value per channel when training, got input "
                    + Shapes.str(x.shape()));
        }
        Tensor out;
        Tensor mean;
        Tensor var;
        if (x.backend() instanceof BatchNormKernels kernels) {
            Tensor xc = x3.contiguous();
            Tensor wc = w.contiguous();
            Tensor bc = b.contiguous();
            out = Tensor.on(x.backend()).dtype(x.dtype()).empty(x3.shape());
            Tensor savedMean = x.zerosLike(c);
            Tensor invStd = x.zerosLike(c);
            kernels.batchNormForward(xc.strided(), wc.strided(), bc.strided(), eps, out.strided(), savedMean.strided(),
                    invStd.strided());
            FusedRule rule = (node, grad) -> {
                Tensor dx = Tensor.on(x.backend()).dtype(x.dtype()).empty(x3.shape());
                Tensor dgamma = x.zerosLike(c);
                Tensor dbeta = x.zerosLike(c);
                kernels.batchNormBackward(grad.contiguous().strided(), xc.strided(), wc.strided(), savedMean.strided(),
                        invStd.strided(), dx.strided(), dgamma.strided(), dbeta.strided());
                return new Tensor[] {dx, gamma != null ? dgamma : null, beta != null ? dbeta : null};
            };
            out = Recorder.record(out, Op.FUSED, "batch_norm", new Tensor[] {x3, gamma, beta}, null, 0, rule);
            mean = savedMean;
            try (GradMode.Scope off = GradMode.noGrad()) {
                var = invStd.mul(invStd).reciprocal().sub(eps);
            }
        } else {
            int[] axes = {0, 2};
            mean = x3.mean(axes, true);
            var = x3.var(axes, false, true);
            Tensor xhat = x3.sub(mean).div(var.add(eps).sqrt());
            out = xhat.mul(w.reshape(1, c, 1)).add(b.reshape(1, c, 1));
        }
        if (runningMean != null && runningVar != null) {
            try (GradMode.Scope off = GradMode.noGrad()) {
                // PyTorch updates the running variance with the unbiased batch variance.
                Tensor unbiased = var.reshape(c).mul((double) count / (count - 1));
                runningMean.mul_(1 - momentum).add_(mean.reshape(c).mul(momentum));
                runningVar.mul_(1 - momentum).add_(unbiased.mul(momentum));
            }
        }
        return out.reshape(x.shape());
    }
}
