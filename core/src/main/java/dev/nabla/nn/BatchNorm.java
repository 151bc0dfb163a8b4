package dev.nabla.nn;

import dev.nabla.autodiff.GradMode;
import dev.nabla.backend.Backends;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.TensorFactory;

/**
 * Batch normalisation over {@code (N, C)} or {@code (N, C, L)} ({@link #d1}) and {@code (N, C, H, W)}
 * ({@link #d2}), with PyTorch's parameters and buffers: {@code weight}, {@code bias},
 * {@code running_mean}, {@code running_var}, {@code num_batches_tracked}. Training normalises with the
 * batch statistics and updates the running ones with {@code momentum}; evaluation uses the running ones.
 */
public class BatchNorm extends Module {
    private final int features;
    private final int inputRank;
    private final double eps;
    private final double momentum;

    /** BatchNorm1d: inputs {@code (N, C)} or {@code (N, C, L)}. */
    public static BatchNorm d1(int features) {
        return new BatchNorm(features, 2, 1e-5, 0.1, true);
    }

    /** BatchNorm2d: inputs {@code (N, C, H, W)}. */
    public static BatchNorm d2(int features) {
        return new BatchNorm(features, 4, 1e-5, 0.1, true);
    }

    /** {@code inputRank} 2 (also accepting 3) or 4. */
    public BatchNorm(int features, int inputRank, double eps, double momentum, boolean affine) {
        this.features = features;
        this.inputRank = inputRank;
        this.eps = eps;
        this.momentum = momentum;
        TensorFactory f = Tensor.on(Backends.current());
        if (affine) {
            registerParameter("weight", f.ones(features));
            registerParameter("bias", f.zeros(features));
        }
        registerBuffer("running_mean", f.zeros(features));
        registerBuffer("running_var", f.ones(features));
        registerBuffer("num_batches_tracked", f.dtype(DType.INT64).zeros());
    }

    @Override
    public Tensor forward(Tensor x) {
        boolean rankOk = inputRank == 4 ? x.rank() == 4 : x.rank() == 2 || x.rank() == 3;
        if (!rankOk || x.size(1) != features) {
            throw new IllegalArgumentException("BatchNorm" + (inputRank == 4 ? "2d" : "1d") + "(" + features + "): input "
                    + java.util.Arrays.toString(x.shape()) + " must be " + (inputRank == 4 ? "(N, C, H, W)" : "(N, C) or (N, C, L)")
                    + " with C=" + features);
        }
        if (isTraining()) {
            try (GradMode.Scope off = GradMode.noGrad()) {
                buffer("num_batches_tracked").add_(Tensor.on(x.backend()).dtype(DType.INT64).ones());
            }
        }
        return Functional.batchNorm(x, buffer("running_mean"), buffer("running_var"),
                hasParam("weight") ? param("weight") : null, hasParam("bias") ? param("bias") : null,
                isTraining(), momentum, eps);
    }

    @Override
    protected String extraRepr() {
        return features + ", eps=" + eps + ", momentum=" + momentum;
    }
}
