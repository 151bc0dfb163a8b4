package dev.nabla.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The row-major to column-major mapping of {@link CudaGemm}, checked without a GPU: the cuBLAS call's
 * arguments are evaluated with a column-major reference GEMM (what cuBLAS computes) on the same memory
 * and compared with the row-major definition of {@code Backend.gemm}.
 */
class CudaGemmTest {
    @Test
    void theColumnMajorCallComputesTheRowMajorProductForEveryTransposeAndPadding() {
        Random random = new Random(7);
        int[] sizes = {1, 2, 3, 5, 8, 13};
        for (int trial = 0; trial < 400; trial++) {
            boolean transA = random.nextBoolean();
            boolean transB = random.nextBoolean();
            int m = sizes[random.nextInt(sizes.length)];
            int n = sizes[random.nextInt(sizes.length)];
            int k = sizes[random.nextInt(sizes.length)];
            int batch = 1 + random.nextInt(3);
            int lda = (transA ? m : k) + random.nextInt(3);
            int ldb = (transB ? k : n) + random.nextInt(3);
            int ldc = n + random.nextInt(3);
            int sizeA = (transA ? k : m) * lda;
            int sizeB = (transB ? n : k) * ldb;
            int strideA = random.nextInt(4) == 0 ? 0 : sizeA + random.nextInt(4);  // 0 broadcasts
            int strideB = random.nextInt(4) == 0 ? 0 : sizeB + random.nextInt(4);
            int strideC = m * ldc + random.nextInt(4);
            int offA = random.nextInt(5);
            int offB = random.nextInt(5);
            int offC = random.nextInt(5);
            double alpha = random.nextInt(3) - 1.5;
            double beta = random.nextBoolean() ? 0 : 0.5;
            double[] a = values(random, offA + sizeA + (batch - 1) * strideA);
            double[] b = values(random, offB + sizeB + (batch - 1) * strideB);
            double[] c = values(random, offC + m * ldc + (batch - 1) * strideC);
            double[] expected = c.clone();
            double[] actual = c.clone();
            for (int i = 0; i < batch; i++) {
                rowMajor(transA, transB, m, n, k, alpha, a, offA + i * strideA, lda, b, offB + i * strideB, ldb, beta,
                        expected, offC + i * strideC, ldc);
            }
            CudaGemm.ColumnMajor g = CudaGemm.map(transA, transB, m, n, k, lda, strideA, ldb, strideB, ldc, strideC);
            for (int i = 0; i < batch; i++) {  // what cublas<t>gemmStridedBatched(first = B, second = A) computes
                columnMajor(g.transFirst(), g.transSecond(), g.m(), g.n(), g.k(), alpha, b,
                        (int) (offB + i * g.strideFirst()), g.ldFirst(), a, (int) (offA + i * g.strideSecond()),
                        g.ldSecond(), beta, actual, (int) (offC + i * g.strideC()), g.ldc());
            }
            String where = "trial " + trial + ": transA=" + transA + " transB=" + transB + " m=" + m + " n=" + n
                    + " k=" + k + " batch=" + batch;
            for (int i = 0; i < c.length; i++) {
                assertEquals(expected[i], actual[i], 1e-12, where + ", element " + i);
            }
        }
    }

    @Test
    void swapsTheOperandsAndDimensionsAndKeepsTheFlags() {
        CudaGemm.ColumnMajor g = CudaGemm.map(true, false, 4, 6, 5, 4, 20, 6, 0, 6, 24);
        assertEquals(new CudaGemm.ColumnMajor(false, true, 6, 4, 5, 6, 0, 4, 20, 6, 24), g);
    }

    @Test
    void aSingleRowGetsALeadingDimensionCublasAccepts() {
        // A row vector's leading dimension is never read; cuBLAS still checks ld >= its column-major rows.
        assertEquals(7, CudaGemm.ld("A", 1, 7, 0));
        assertEquals(1, CudaGemm.ld("C", 1, 0, 0));
        assertEquals(9, CudaGemm.ld("B", 3, 7, 9));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CudaGemm.ld("B", 3, 7, 5));
        assertEquals("cuda gemm: B has 3 rows of 7 elements but a leading dimension of 5 (rows would overlap)",
                e.getMessage());
    }

    /** Backend.gemm's definition: row-major, element (i, j) of an ld matrix at off + i * ld + j. */
    private static void rowMajor(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int offA,
                                 int lda, double[] b, int offB, int ldb, double beta, double[] c, int offC, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    double x = transA ? a[offA + p * lda + i] : a[offA + i * lda + p];
                    double y = transB ? b[offB + j * ldb + p] : b[offB + p * ldb + j];
                    sum += x * y;
                }
                int at = offC + i * ldc + j;
                c[at] = alpha * sum + (beta == 0 ? 0 : beta * c[at]);
            }
        }
    }

    /** BLAS gemm: column-major, element (i, j) at off + i + j * ld; checks the ld rules cuBLAS checks. */
    private static void columnMajor(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a,
                                    int offA, int lda, double[] b, int offB, int ldb, double beta, double[] c, int offC,
                                    int ldc) {
        assertTrueMsg(lda >= Math.max(1, transA ? k : m), "lda");
        assertTrueMsg(ldb >= Math.max(1, transB ? n : k), "ldb");
        assertTrueMsg(ldc >= Math.max(1, m), "ldc");
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    double x = transA ? a[offA + p + i * lda] : a[offA + i + p * lda];
                    double y = transB ? b[offB + j + p * ldb] : b[offB + p + j * ldb];
                    sum += x * y;
                }
                int at = offC + i + j * ldc;
                c[at] = alpha * sum + (beta == 0 ? 0 : beta * c[at]);
            }
        }
    }

    private static void assertTrueMsg(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError("cuBLAS would reject " + what + " (CUBLAS_STATUS_INVALID_VALUE)");
        }
    }

    private static double[] values(Random random, int length) {
        double[] v = new double[length];
        for (int i = 0; i < length; i++) {
            v[i] = random.nextInt(19) - 9;  // small integers: exact sums, so any mix-up shows
        }
        return v;
    }
}
