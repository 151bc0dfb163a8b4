package dev.nabla.tensor;

import dev.nabla.autodiff.Op;
import dev.nabla.backend.Conv2dGeometry;

/** Sliding-window layout ops (PyTorch's {@code unfold}/{@code fold}) that convolution and pooling are built from. */
public final class Windows {
    private Windows() {
    }

    /**
     * Unfolds the windows of {@code x} {@code (N, C, H, W)} into {@code (N, C*KH*KW, OH*OW)};
     * positions in the padding read {@code padValue} (0 for convolution, -inf for max pooling).
     */
    public static Tensor im2col(Tensor x, Conv2dGeometry g, double padValue) {
        x.checkOpen("im2col");
        checkInput("im2col", x, g);
        Tensor col = new TensorFactory(x.backend(), x.dtype).empty(g.n(), g.colRows(), g.colCols());
        x.backend().im2col(g, x.strided(), padValue, col.strided());
        return Recorder.record(col, Op.IM2COL, "im2col", new Tensor[] {x}, null, padValue, g);
    }

    /** The adjoint of {@link #im2col}: sums {@code col} {@code (N, C*KH*KW, OH*OW)} back into {@code (N, C, H, W)}. */
    public static Tensor col2im(Tensor col, Conv2dGeometry g) {
        col.checkOpen("col2im");
        int[] expected = {g.n(), g.colRows(), g.colCols()};
        if (!java.util.Arrays.equals(col.shape, expected)) {
            throw new IllegalArgumentException("col2im: columns have shape " + Shapes.str(col.shape) + ", expected "
                    + Shapes.str(expected));
        }
        Tensor dx = new TensorFactory(col.backend(), col.dtype).empty(g.n(), g.c(), g.h(), g.w());
        col.backend().col2im(g, col.contiguous().strided(), dx.strided());
        dev.nabla.autodiff.FusedRule rule = (node, grad) -> new Tensor[] {im2col(grad, g, 0)};
        return Recorder.record(dx, Op.FUSED, "col2im", new Tensor[] {col}, null, 0, rule);
    }

    private static void checkInput(String op, Tensor x, Conv2dGeometry g) {
        int[] expected = {g.n(), g.c(), g.h(), g.w()};
        if (!java.util.Arrays.equals(x.shape, expected)) {
            throw new IllegalArgumentException(op + ": input shape " + Shapes.str(x.shape) + " differs from geometry "
                    + Shapes.str(expected));
        }
    }
}
