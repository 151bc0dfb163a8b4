package dev.nabla.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.Conv2dGeometry;
import dev.nabla.backend.Distribution;
import dev.nabla.backend.MatrixBatch;
import dev.nabla.backend.ReduceOp;
import dev.nabla.backend.Strided;
import dev.nabla.backend.UnaryOp;
import dev.nabla.tensor.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every required primitive against the reference backend on odd, size-1, long and non-contiguous
 * shapes (until core's shared BackendContractTest runs here too). Tolerances: 1e-5 relative for
 * element-wise float32, 1e-4 for GEMM and reductions.
 */
class ClPrimitivesTest {
    private final ClBackend cl = ClTestSupport.backend();

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryOnTransposedViews(UnaryOp op) {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Twin x = Twin.random(cl, t, 13 * 7, op.ordinal());
            Twin out = Twin.random(cl, t, 13 * 7, 99);
            int[] shape = {7, 13};
            int[] transposed = {1, 7};  // x read column-major
            cl.unary(op, 0.3, x.cl(0, shape, transposed), out.cl(7, 13));
            Twin.REF.unary(op, 0.3, x.ref(0, shape, transposed), out.ref(7, 13));
            out.assertClose(cl, 1e-6, 1e-5, op.kernelName() + " " + t.shortName());
        }
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryBroadcastsByZeroStrides(BinaryOp op) {
        for (DType t : DType.values()) {
            Twin a = Twin.random(cl, t, 31 * 5, 1);
            Twin b = Twin.random(cl, t, 31, 2);
            Twin out = Twin.random(cl, t, 31 * 5 + 3, 3);
            int[] shape = {5, 31};
            cl.binary(op, a.cl(5, 31), b.cl(0, shape, new int[] {0, 1}), out.cl(3, shape, new int[] {31, 1}));
            Twin.REF.binary(op, a.ref(5, 31), b.ref(0, shape, new int[] {0, 1}), out.ref(3, shape, new int[] {31, 1}));
            out.assertClose(cl, 1e-6, 1e-5, op.kernelName() + " " + t.shortName());
        }
    }

    @Test
    void binaryInPlaceOnALongRow() {
        Twin a = Twin.random(cl, DType.FLOAT32, 5003, 1);
        Twin b = Twin.random(cl, DType.FLOAT32, 1, 2);
        Strided scalar = b.cl(0, new int[] {5003}, new int[] {0});
        cl.binary(BinaryOp.MUL, a.cl(5003), scalar, a.cl(5003));
        Twin.REF.binary(BinaryOp.MUL, a.ref(5003), b.ref(0, new int[] {5003}, new int[] {0}), a.ref(5003));
        a.assertClose(cl, 0, 1e-6, "in-place mul");
    }

    @Test
    void whereTakesAConditionOfAnotherDtype() {
        Twin cond = Twin.random(cl, DType.INT64, 24, 5, 2);
        Twin a = Twin.random(cl, DType.FLOAT32, 24, 6);
        Twin b = Twin.random(cl, DType.FLOAT32, 4, 7);
        Twin out = Twin.random(cl, DType.FLOAT32, 24, 8);
        int[] shape = {6, 4};
        int[] bcast = {0, 1};
        cl.where(cond.cl(6, 4), a.cl(6, 4), b.cl(0, shape, bcast), out.cl(6, 4));
        Twin.REF.where(cond.ref(6, 4), a.ref(6, 4), b.ref(0, shape, bcast), out.ref(6, 4));
        out.assertClose(cl, 0, 0, "where");
    }

    @Test
    void copyConvertsBetweenAllDtypesThroughPermutedViews() {
        int[] shape = {3, 4, 5};
        int[] permuted = {1, 15, 3};  // a (5, 4, 3) buffer read as its transpose
        for (DType from : DType.values()) {
            for (DType to : DType.values()) {
                Twin src = Twin.random(cl, from, 60, 11, 1000);
                Twin dst = Twin.random(cl, to, 60, 12, 1000);
                cl.copy(src.cl(0, shape, permuted), dst.cl(shape));
                Twin.REF.copy(src.ref(0, shape, permuted), dst.ref(shape));
                dst.assertClose(cl, 0, 0, "copy " + from + " -> " + to);
            }
        }
    }

    @Test
    void fillWritesEveryDtypeThroughStrides() {
        for (DType t : DType.values()) {
            Twin x = Twin.random(cl, t, 40, 1);
            int[] shape = {4, 5};
            int[] everyOther = {10, 2};
            cl.fill(x.cl(1, shape, everyOther), -3.75);
            Twin.REF.fill(x.ref(1, shape, everyOther), -3.75);
            x.assertClose(cl, 0, 0, "fill " + t);
        }
    }

    @ParameterizedTest
    @EnumSource(ReduceOp.class)
    void reduceEveryAxisIncludingLongRows(ReduceOp op) {
        int[][] shapes = {{3, 7, 5}, {2, 4100, 1}, {1, 1, 1}, {65, 3, 9}};
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64}) {
            for (int[] shape : shapes) {
                for (int axis = 0; axis < 3; axis++) {
                    int n = shape[0] * shape[1] * shape[2];
                    Twin x = Twin.random(cl, t, n, axis + 17L * n, 7);  // small int range: ties for argmax
                    int[] outShape = shape.clone();
                    outShape[axis] = 1;
                    DType outType = op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN ? DType.INT64 : t;
                    Twin out = Twin.random(cl, outType, n / shape[axis], 5);
                    cl.reduce(op, x.cl(shape), axis, out.cl(outShape));
                    Twin.REF.reduce(op, x.ref(shape), axis, out.ref(outShape));
                    out.assertClose(cl, 1e-4, 1e-5, op.kernelName() + " " + t + " axis " + axis + " of "
                            + java.util.Arrays.toString(shape));
                }
            }
        }
    }

    @Test
    void argmaxPicksTheFirstMaximumAndNaN() {
        Twin x = Twin.of(cl, DType.FLOAT32, new float[] {1, 3, 3, 2, 5, Float.NaN, 5, Float.NaN});
        Twin out = Twin.random(cl, DType.INT64, 2, 1);
        cl.reduce(ReduceOp.ARGMAX, x.cl(2, 4), 1, out.cl(2, 1));
        Twin.REF.reduce(ReduceOp.ARGMAX, x.ref(2, 4), 1, out.ref(2, 1));
        out.assertClose(cl, 0, 0, "argmax");
        cl.reduce(ReduceOp.MAX, x.cl(2, 4), 1, x.cl(2, 1));
        assertTrue(Double.isNaN(x.values(cl, x.cl)[1]), "max propagates NaN");
    }

    @Test
    void gatherAndScatterAddAlongEachAxis() {
        for (DType it : new DType[] {DType.INT32, DType.INT64}) {
            for (int axis = 0; axis < 2; axis++) {
                int[] xShape = {6, 5};
                int[] outShape = axis == 0 ? new int[] {9, 5} : new int[] {6, 8};
                Twin x = Twin.random(cl, DType.FLOAT32, 30, 1);
                Twin index = Twin.random(cl, it, 9 * 5 + 6 * 8, 2, xShape[axis]);
                Twin out = Twin.random(cl, DType.FLOAT32, outShape[0] * outShape[1], 3);
                cl.gather(x.cl(xShape), axis, index.cl(outShape), out.cl(outShape));
                Twin.REF.gather(x.ref(xShape), axis, index.ref(outShape), out.ref(outShape));
                out.assertClose(cl, 0, 0, "gather axis " + axis);
                cl.scatterAdd(out.cl(outShape), axis, index.cl(outShape), x.cl(xShape));
                Twin.REF.scatterAdd(out.ref(outShape), axis, index.ref(outShape), x.ref(xShape));
                x.assertClose(cl, 1e-6, 1e-5, "scatter_add axis " + axis);
            }
        }
    }

    @Test
    void indicesOutOfBoundsThrow() {
        Twin x = Twin.random(cl, DType.FLOAT32, 4, 1);
        Twin index = Twin.of(cl, DType.INT64, new long[] {0, 4});
        Twin out = Twin.random(cl, DType.FLOAT32, 2, 1);
        var e = assertThrows(IndexOutOfBoundsException.class, () -> cl.gather(x.cl(4), 0, index.cl(2), out.cl(2)));
        assertTrue(e.getMessage().contains("index 4"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> cl.scatterAdd(out.cl(2), 0, index.cl(2), x.cl(4)));
        cl.gather(x.cl(4), 0, Twin.of(cl, DType.INT64, new long[] {3, 0}).cl(2), out.cl(2));  // the record was cleared
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"tiled", "direct"})
    void gemmAllTransposesBatchesAndOddSizes(String kernel) {
        String before = System.getProperty("nabla.opencl.gemm");
        System.setProperty("nabla.opencl.gemm", kernel);
        try {
            gemmCases();
        } finally {
            if (before == null) {
                System.clearProperty("nabla.opencl.gemm");
            } else {
                System.setProperty("nabla.opencl.gemm", before);
            }
        }
    }

    private void gemmCases() {
        int[][] sizes = {{1, 1, 1}, {7, 13, 5}, {65, 31, 130}, {64, 64, 64}, {3, 200, 1}};
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int[] s : sizes) {
                int m = s[0];
                int n = s[1];
                int k = s[2];
                for (int flags = 0; flags < 4; flags++) {
                    boolean ta = (flags & 1) != 0;
                    boolean tb = (flags & 2) != 0;
                    int batch = 3;
                    Twin a = Twin.random(cl, t, m * k + 2, flags);  // one matrix, broadcast to every batch entry
                    Twin b = Twin.random(cl, t, batch * k * n, 7);
                    Twin c = Twin.random(cl, t, batch * m * (n + 1), 9);
                    MatrixBatch ca = new MatrixBatch(a.cl, 2, ta ? m : k, 0);
                    MatrixBatch cb = new MatrixBatch(b.cl, 0, tb ? k : n, k * n);
                    MatrixBatch cc = new MatrixBatch(c.cl, 0, n + 1, m * (n + 1));
                    cl.gemm(batch, ta, tb, m, n, k, 0.5, ca, cb, flags == 3 ? 0 : 2, cc);
                    Twin.REF.gemm(batch, ta, tb, m, n, k, 0.5, new MatrixBatch(a.ref, 2, ta ? m : k, 0),
                            new MatrixBatch(b.ref, 0, tb ? k : n, k * n), flags == 3 ? 0 : 2,
                            new MatrixBatch(c.ref, 0, n + 1, m * (n + 1)));
                    c.assertClose(cl, 1e-4, 1e-4, "gemm " + t + " " + m + "x" + n + "x" + k + " flags " + flags);
                }
            }
        }
    }

    @Test
    void gemmWithBetaZeroIgnoresNaN() {
        Twin a = Twin.random(cl, DType.FLOAT32, 4, 1);
        Twin c = Twin.of(cl, DType.FLOAT32, new float[] {Float.NaN, Float.NaN, Float.NaN, Float.NaN});
        cl.gemm(1, false, false, 2, 2, 2, 1, new MatrixBatch(a.cl, 0, 2, 0), new MatrixBatch(a.cl, 0, 2, 0), 0,
                new MatrixBatch(c.cl, 0, 2, 0));
        Twin.REF.gemm(1, false, false, 2, 2, 2, 1, new MatrixBatch(a.ref, 0, 2, 0), new MatrixBatch(a.ref, 0, 2, 0), 0,
                new MatrixBatch(c.ref, 0, 2, 0));
        c.assertClose(cl, 1e-6, 1e-6, "gemm beta 0");
    }

    @Test
    void im2colAndCol2imWithStridePaddingDilation() {
        for (Conv2dGeometry g : new Conv2dGeometry[] {new Conv2dGeometry(2, 3, 7, 6, 3, 2, 2, 1, 1, 2, 1, 2),
                new Conv2dGeometry(1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1), new Conv2dGeometry(3, 2, 9, 9, 5, 5, 1, 1, 2, 2, 1, 1)}) {
            int[] xShape = {g.n(), g.c(), g.h(), g.w()};
            int n = g.n() * g.c() * g.h() * g.w();
            int cols = g.n() * g.colRows() * g.colCols();
            Twin x = Twin.random(cl, DType.FLOAT32, n, 1);
            Twin col = Twin.random(cl, DType.FLOAT32, cols, 2);
            cl.im2col(g, x.cl(xShape), -1, col.cl(cols));
            Twin.REF.im2col(g, x.ref(xShape), -1, col.ref(cols));
            col.assertClose(cl, 0, 0, "im2col " + g);
            cl.col2im(g, col.cl(cols), x.cl(xShape));
            Twin.REF.col2im(g, col.ref(cols), x.ref(xShape));
            x.assertClose(cl, 1e-5, 1e-5, "col2im " + g);
        }
    }

    @ParameterizedTest
    @EnumSource(Distribution.class)
    void randomMatchesTheReferenceStream(Distribution d) {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Twin out = Twin.random(cl, t, 1001, 1);
            long seed = 0x1234_5678_9ABCL;
            long counter = (1L << 32) - 3;  // crosses the 32-bit word of the counter
            cl.random(d, seed, counter, out.cl(1001));
            Twin.REF.random(d, seed, counter, out.ref(1001));
            out.assertClose(cl, 1e-6, 1e-6, "random " + d + " " + t);
        }
    }

    @Test
    void viewsOfHighRankMergeOrFailClearly() {
        int[] shape = {2, 1, 2, 1, 2, 2, 1, 2, 2, 1, 2};  // contiguous: merges to rank 1
        Twin x = Twin.random(cl, DType.FLOAT32, 256, 1);
        Twin y = Twin.random(cl, DType.FLOAT32, 256, 2);
        cl.unary(UnaryOp.NEG, 0, x.cl(shape), y.cl(shape));
        Twin.REF.unary(UnaryOp.NEG, 0, x.ref(shape), y.ref(shape));
        y.assertClose(cl, 0, 0, "rank 11 contiguous");
        int[] nine = {2, 2, 2, 2, 2, 2, 2, 2, 2};
        int[] gaps = {256, 1, 128, 2, 64, 4, 32, 8, 16};  // a permutation: no two neighbours merge
        Twin big = Twin.random(cl, DType.FLOAT32, 512, 3);
        Twin out = Twin.random(cl, DType.FLOAT32, 512, 2);
        var e = assertThrows(IllegalArgumentException.class,
                () -> cl.unary(UnaryOp.NEG, 0, big.cl(0, nine, gaps), out.cl(0, nine, Strided.rowMajorStrides(nine))));
        assertTrue(e.getMessage().contains("at most 8"), e.getMessage());
    }

    @Test
    void viewsOutsideTheirBufferAreRefused() {
        Twin x = Twin.random(cl, DType.FLOAT32, 10, 1);
        var e = assertThrows(IndexOutOfBoundsException.class, () -> cl.fill(x.cl(0, new int[] {4}, new int[] {4}), 0));
        assertTrue(e.getMessage().contains("buffer of 10"), e.getMessage());
    }

    @Test
    void emptyViewsDoNothing() {
        Twin x = Twin.random(cl, DType.FLOAT32, 4, 1);
        cl.unary(UnaryOp.EXP, 0, x.cl(0, 4), x.cl(0, 4));
        cl.fill(x.cl(0), 1);
        assertEquals(4, x.values(cl, x.cl).length);
    }
}
