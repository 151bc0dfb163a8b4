package dev.nabla.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nabla.backend.Backend;
import dev.nabla.backend.BackendProvider;
import dev.nabla.backend.Buffer;
import dev.nabla.backend.Conv2dGeometry;
import dev.nabla.backend.MatrixBatch;
import dev.nabla.backend.ReduceOp;
import dev.nabla.backend.Strided;
import dev.nabla.backend.reference.ReferenceBackend;
import dev.nabla.tensor.DType;
import java.util.Random;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * What the shared suite does not pin down: large and odd GEMM shapes with every transpose, alpha
 * and beta against the oracle; bitwise equality of 1 and 2 threads; float64; the SIMD mode this
 * JVM was started in; and registration.
 */
class CpuKernelsTest {
    private final ReferenceBackend oracle = new ReferenceBackend();
    private final CpuBackend one = new CpuBackend(1);
    private final CpuBackend two = new CpuBackend(2);

    @Test
    void simdModeMatchesTheJvmFlags() {
        boolean expected = !"false".equals(System.getProperty("nabla.cpu.expectSimd"));
        assertEquals(expected, CpuBackend.simdEnabled(), one.description());
    }

    @Test
    void registeredAsCpuWithRank100() throws Exception {
        boolean found = false;
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            if (p.name().equals("cpu")) {
                found = true;
                assertEquals(100, p.rank());
                assertTrue(p.create() instanceof CpuBackend);
            }
        }
        assertTrue(found, "cpu provider registered");
    }

    @Test
    void gemmEveryTransposeAlphaBetaAgainstTheOracle() {
        int[][] shapes = {{1, 1, 1}, {3, 8, 13}, {13, 64, 3}, {207, 33, 1021}, {64, 256, 784}, {100, 300, 70}, {7, 4098, 5}};
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0;
                boolean tb = (t & 2) != 0;
                compareGemm(DType.FLOAT32, 1, ta, tb, s[0], s[1], s[2], 1.0, 0.0, 2e-4);
                compareGemm(DType.FLOAT32, 2, ta, tb, s[0], s[1], s[2], -0.5, 0.75, 2e-4);
            }
        }
        compareGemm(DType.FLOAT64, 3, true, false, 31, 17, 29, 0.5, 0.25, 1e-12);
        compareGemm(DType.FLOAT64, 1, false, true, 64, 65, 300, 1, 0, 1e-12);
        compareGemm(DType.FLOAT32, 5, false, false, 37, 45, 19, 1, 1, 2e-4);
    }

    @Test
    void gemmIsTheSameBitsOnOneAndTwoThreads() {
        int m = 301;
        int n = 517;
        int k = 263;
        float[] a = random(m * k, 1);
        float[] b = random(k * n, 2);
        for (boolean ta : new boolean[] {false, true}) {
            float[] c1 = runGemm(one, ta, !ta, m, n, k, a, b);
            float[] c2 = runGemm(two, ta, !ta, m, n, k, a, b);
            assertArrayEquals(c1, c2, "1 vs 2 threads, transA=" + ta);
        }
    }

    @Test
    void reductionsAreTheSameBitsOnOneAndTwoThreads() {
        float[] x = random(513 * 4098, 3);
        for (int axis = 0; axis < 2; axis++) {
            for (ReduceOp op : new ReduceOp[] {ReduceOp.SUM, ReduceOp.MAX, ReduceOp.ARGMAX}) {
                int[] outShape = axis == 0 ? new int[] {1, 4098} : new int[] {513, 1};
                DType outType = op == ReduceOp.ARGMAX ? DType.INT64 : DType.FLOAT32;
                Object r1 = reduce(one, op, x, axis, outShape, outType);
                Object r2 = reduce(two, op, x, axis, outShape, outType);
                Object ref = reduce(oracle, op, x, axis, outShape, outType);
                if (outType == DType.INT64) {
                    assertArrayEquals((long[]) ref, (long[]) r1);
                    assertArrayEquals((long[]) r1, (long[]) r2);
                } else {
                    assertArrayEquals((float[]) r1, (float[]) r2, op + " axis " + axis);
                    close((float[]) ref, (float[]) r1, 1e-4, op + " axis " + axis);
                }
            }
        }
    }

    @Test
    void im2colWithStrideDilationPaddingMatchesTheOracle() {
        Conv2dGeometry g = new Conv2dGeometry(2, 3, 9, 11, 3, 2, 2, 1, 1, 2, 2, 1);
        float[] x = random(2 * 3 * 9 * 11, 4);
        float[] expected = im2col(oracle, g, x);
        float[] actual = im2col(two, g, x);
        assertArrayEquals(expected, actual);
    }

    @Test
    void maxPoolTiesAndNanPickTheFirstIndexLikeTheOracle() {
        Conv2dGeometry g = new Conv2dGeometry(1, 2, 4, 6, 2, 2, 2, 2, 0, 0, 1, 1);
        float[] x = new float[48];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i * 7 % 5) / 2f;   // many ties
        }
        x[9] = Float.NaN;
        x[30] = Float.NaN;
        x[31] = Float.NaN;
        assertArrayEquals(maxPoolIndices(oracle, g, x), maxPoolIndices(two, g, x));
    }

    private long[] maxPoolIndices(Backend b, Conv2dGeometry g, float[] x) {
        Buffer in = b.allocate(DType.FLOAT32, x.length);
        b.write(in, 0, x, 0, x.length);
        int windows = g.n() * g.c() * g.oh() * g.ow();
        Buffer out = b.allocate(DType.FLOAT32, windows);
        Buffer idx = b.allocate(DType.INT64, windows);
        ((dev.nabla.backend.fused.PoolKernels) b).maxPool2dForward(g, Strided.contiguous(in, 0, 1, 2, 4, 6),
                Strided.contiguous(out, 0, 1, 2, 2, 3), Strided.contiguous(idx, 0, 1, 2, 2, 3));
        long[] host = new long[windows];
        b.read(idx, 0, host, 0, windows);
        return host;
    }

    private float[] im2col(Backend b, Conv2dGeometry g, float[] x) {
        Buffer in = b.allocate(DType.FLOAT32, x.length);
        b.write(in, 0, x, 0, x.length);
        int size = g.n() * g.colRows() * g.colCols();
        Buffer col = b.allocate(DType.FLOAT32, size);
        b.im2col(g, Strided.contiguous(in, 0, g.n(), g.c(), g.h(), g.w()), -7, Strided.contiguous(col, 0,
                g.n(), g.colRows(), g.colCols()));
        float[] out = new float[size];
        b.read(col, 0, out, 0, size);
        return out;
    }

    private Object reduce(Backend b, ReduceOp op, float[] x, int axis, int[] outShape, DType outType) {
        Buffer in = b.allocate(DType.FLOAT32, x.length);
        b.write(in, 0, x, 0, x.length);
        int count = outShape[0] * outShape[1];
        Buffer out = b.allocate(outType, count);
        b.reduce(op, Strided.contiguous(in, 0, 513, 4098), axis, Strided.contiguous(out, 0, outShape));
        Object host = outType == DType.INT64 ? new long[count] : new float[count];
        b.read(out, 0, host, 0, count);
        return host;
    }

    private void compareGemm(DType dtype, int batch, boolean ta, boolean tb, int m, int n, int k, double alpha,
                             double beta, double tol) {
        Random random = new Random(m * 31L + n * 7L + k);
        int lda = (ta ? m : k) + 3;
        int ldb = (tb ? k : n) + 1;
        int ldc = n + 2;
        int aSize = (ta ? k : m) * lda;
        int bSize = (tb ? n : k) * ldb;
        int cSize = m * ldc;
        double[] a = gaussian(random, batch * aSize);
        double[] b = gaussian(random, bSize);
        double[] c = gaussian(random, batch * cSize);
        if (beta == 0) {
            java.util.Arrays.fill(c, Double.NaN);   // beta == 0 must ignore C, NaN included
        }
        double[] expected = gemm(oracle, DType.FLOAT64, batch, ta, tb, m, n, k, alpha, beta, a, lda, aSize, b, ldb, c, ldc,
                cSize);
        double[] actual = gemm(two, dtype, batch, ta, tb, m, n, k, alpha, beta, a, lda, aSize, b, ldb, c, ldc, cSize);
        String what = dtype + " batch " + batch + " " + m + "x" + n + "x" + k + " ta=" + ta + " tb=" + tb;
        for (int t = 0; t < batch; t++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int at = t * cSize + i * ldc + j;
                    double e = expected[at];
                    if (!(Math.abs(e - actual[at]) <= tol * (1 + Math.abs(e)) * Math.sqrt(k))) {
                        fail(what + ": C[" + t + "," + i + "," + j + "] expected " + e + " but was " + actual[at]);
                    }
                }
            }
        }
    }

    private static double[] gemm(Backend bk, DType dtype, int batch, boolean ta, boolean tb, int m, int n, int k,
                                 double alpha, double beta, double[] a, int lda, int aSize, double[] b, int ldb,
                                 double[] c, int ldc, int cSize) {
        Buffer ba = upload(bk, dtype, a);
        Buffer bb = upload(bk, dtype, b);
        Buffer bc = upload(bk, dtype, c);
        bk.gemm(batch, ta, tb, m, n, k, alpha, new MatrixBatch(ba, 0, lda, aSize), new MatrixBatch(bb, 0, ldb, 0), beta,
                new MatrixBatch(bc, 0, ldc, cSize));
        return download(bk, dtype, bc, c.length);
    }

    private static float[] runGemm(Backend bk, boolean ta, boolean tb, int m, int n, int k, float[] a, float[] b) {
        Buffer ba = bk.allocate(DType.FLOAT32, a.length);
        Buffer bb = bk.allocate(DType.FLOAT32, b.length);
        Buffer bc = bk.allocate(DType.FLOAT32, m * n);
        bk.write(ba, 0, a, 0, a.length);
        bk.write(bb, 0, b, 0, b.length);
        bk.gemm(1, ta, tb, m, n, k, 0.5, new MatrixBatch(ba, 0, ta ? m : k, 0), new MatrixBatch(bb, 0, tb ? k : n, 0), 0,
                new MatrixBatch(bc, 0, n, 0));
        float[] c = new float[m * n];
        bk.read(bc, 0, c, 0, c.length);
        return c;
    }

    private static Buffer upload(Backend bk, DType dtype, double[] values) {
        Buffer buffer = bk.allocate(dtype, values.length);
        if (dtype == DType.FLOAT64) {
            bk.write(buffer, 0, values, 0, values.length);
        } else {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            bk.write(buffer, 0, f, 0, f.length);
        }
        return buffer;
    }

    private static double[] download(Backend bk, DType dtype, Buffer buffer, int length) {
        double[] out = new double[length];
        if (dtype == DType.FLOAT64) {
            bk.read(buffer, 0, out, 0, length);
        } else {
            float[] f = new float[length];
            bk.read(buffer, 0, f, 0, length);
            for (int i = 0; i < length; i++) {
                out[i] = f[i];
            }
        }
        return out;
    }

    private static double[] gaussian(Random random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private static float[] random(int n, long seed) {
        Random random = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private static void close(float[] expected, float[] actual, double tol, String what) {
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= tol * (1 + Math.abs(expected[i])))) {
                fail(what + ": element " + i + " expected " + expected[i] + " but was " + actual[i]);
            }
        }
    }
}
