package dev.nabla.tensor;

import dev.nabla.autodiff.GradMode;
import dev.nabla.autodiff.Op;

/** Indexing by integer tensors: gather, index_select, scatter_add, one_hot. */
final class IndexOps {
    private IndexOps() {
    }

    static Tensor gather(Tensor x, int axis, Tensor index) {
        x.checkOpen("gather");
        index.checkOpen("gather");
        Checks.integral("gather", index);
        Checks.sameBackend("gather", x, index);
        int a = Shapes.axis("gather", axis, x.rank());
        checkIndexShape("gather", x.shape, index.shape, a);
        Tensor out = new TensorFactory(x.backend(), x.dtype).empty(index.shape);
        x.backend().gather(x.strided(), a, index.strided(), out.strided());
        return Recorder.record(out, Op.GATHER, "gather", new Tensor[] {x, index}, a);
    }

    static Tensor indexSelect(Tensor x, int axis, Tensor index) {
        Checks.rank("index_select", index, 1);
        int a = Shapes.axis("index_select", axis, x.rank());
        int[] shape = x.shape.clone();
        shape[a] = index.shape[0];
        int[] indexShape = new int[x.rank()];
        java.util.Arrays.fill(indexShape, 1);
        indexShape[a] = index.shape[0];
        Tensor expanded;
        try (GradMode.Scope off = GradMode.noGrad()) {
            expanded = index.reshape(indexShape).expand(shape);
        }
        return gather(x, a, expanded);
    }

    static Tensor scatterAdd(Tensor base, int axis, Tensor index, Tensor src) {
        base.checkOpen("scatter_add");
        index.checkOpen("scatter_add");
        src.checkOpen("scatter_add");
        Checks.integral("scatter_add", index);
        Checks.sameBackend("scatter_add", base, src);
        Checks.sameBackend("scatter_add", base, index);
        Checks.sameDtype("scatter_add", base, src);
        int a = Shapes.axis("scatter_add", axis, base.rank());
        if (!java.util.Arrays.equals(index.shape, src.shape)) {
            throw new IllegalArgumentException("scatter_add: index shape " + Shapes.str(index.shape)
                    + " differs from source shape " + Shapes.str(src.shape));
        }
        checkIndexShape("scatter_add", base.shape, src.shape, a);
        Tensor out = ViewOps.copy(base.detach());
        base.backend().scatterAdd(src.strided(), a, index.strided(), out.strided());
        return Recorder.record(out, Op.SCATTER_ADD, "scatter_add", new Tensor[] {base, index, src}, a);
    }

    static Tensor oneHot(Tensor labels, int numClasses) {
        Checks.integral("one_hot", labels);
        if (labels.numel() > 0) {
            double low = labels.min().item();
            double high = labels.max().item();
            if (low < 0 || high >= numClasses) {
                throw new IllegalArgumentException("one_hot: label " + (long) (low < 0 ? low : high) + " is outside [0, "
                        + numClasses + ")");
            }
        }
        TensorFactory f = new TensorFactory(labels.backend(), DType.FLOAT32);
        try (GradMode.Scope off = GradMode.noGrad()) {
            return labels.cast(DType.FLOAT32).unsqueeze(-1).eq(f.arange(0, numClasses, 1));
        }
    }

    /** {@code other} must match {@code shape} in every dimension except {@code axis}. */
    private static void checkIndexShape(String op, int[] shape, int[] other, int axis) {
        boolean ok = shape.length == other.length;
        for (int d = 0; ok && d < shape.length; d++) {
            ok = d == axis || shape[d] == other[d];
        }
        if (!ok) {
            throw new IllegalArgumentException(op + ": index shape " + Shapes.str(other) + " must match input shape "
                    + Shapes.str(shape) + " except along axis " + axis);
        }
    }
}
