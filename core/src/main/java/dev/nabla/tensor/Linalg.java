package dev.nabla.tensor;

import dev.nabla.autodiff.GradMode;
import dev.nabla.autodiff.Op;
import dev.nabla.backend.MatrixBatch;
import java.util.Arrays;

/** Matrix products: NumPy-style {@code matmul} over the batched GEMM primitive. */
public final class Linalg {
    private Linalg() {
    }

    static Tensor matmul(Tensor a, Tensor b) {
        a.checkOpen("matmul");
        b.checkOpen("matmul");
        Checks.sameBackend("matmul", a, b);
        Checks.sameDtype("matmul", a, b);
        Checks.floating("matmul", a);
        if (a.rank() == 0 || b.rank() == 0) {
            throw new IllegalArgumentException("matmul: both operands need at least one dimension, got "
                    + Shapes.str(a.shape) + " x " + Shapes.str(b.shape));
        }
        Tensor a2 = a.rank() == 1 ? a.unsqueeze(0) : a;
        Tensor b2 = b.rank() == 1 ? b.unsqueeze(1) : b;
        int m = a2.shape[a2.rank() - 2];
        int k = a2.shape[a2.rank() - 1];
        int n = b2.shape[b2.rank() - 1];
        if (b2.shape[b2.rank() - 2] != k) {
            throw new IllegalArgumentException("matmul: inner dimensions differ: " + Shapes.str(a.shape) + " x "
                    + Shapes.str(b.shape));
        }
        int[] batch = Shapes.broadcast("matmul", Arrays.copyOf(a2.shape, a2.rank() - 2),
                Arrays.copyOf(b2.shape, b2.rank() - 2));
        int batchSize = (int) Shapes.numel(batch);
        Tensor a3 = a2.expand(concat(batch, m, k)).reshape(batchSize, m, k);
        Tensor b3 = b2.expand(concat(batch, k, n)).reshape(batchSize, k, n);
        Tensor out = bmm(a3, b3).reshape(concat(batch, m, n));
        if (a.rank() == 1) {
            out = out.squeeze(-2);
        }
        if (b.rank() == 1) {
            out = out.squeeze(-1);
        }
        return out;
    }

    /** {@code [B, m, k] x [B, k, n] -> [B, m, n]}; transposed operands are passed to GEMM without a copy. */
    public static Tensor bmm(Tensor a, Tensor b) {
        Checks.rank("bmm", a, 3);
        Checks.rank("bmm", b, 3);
        Checks.sameBackend("bmm", a, b);
        Checks.sameDtype("bmm", a, b);
        if (a.shape[0] != b.shape[0] || a.shape[2] != b.shape[1]) {
            throw new IllegalArgumentException("bmm: shapes differ: " + Shapes.str(a.shape) + " x " + Shapes.str(b.shape));
        }
        int batch = a.shape[0];
        int m = a.shape[1];
        int k = a.shape[2];
        int n = b.shape[2];
        Tensor out = new TensorFactory(a.backend(), a.dtype).empty(batch, m, n);
        if (k == 0) {
            a.backend().fill(out.strided(), 0);
        } else if (batch > 0 && m > 0 && n > 0) {
            try (GradMode.Scope off = GradMode.noGrad()) {
                Tensor ac = gemmReady(a);
                Tensor bc = gemmReady(b);
                boolean transA = isTransposed(ac);
                boolean transB = isTransposed(bc);
                a.backend().gemm(batch, transA, transB, m, n, k, 1.0, operand(ac, transA), operand(bc, transB), 0.0,
                        new MatrixBatch(out.storage.buffer, 0, n, m * n));
            }
        }
        return Recorder.record(out, Op.BMM, "matmul", new Tensor[] {a, b});
    }

    /** The tensor itself when GEMM can read it as (possibly transposed) row-major matrices, else a copy. */
    private static Tensor gemmReady(Tensor t) {
        return rowMajorLd(t) > 0 || columnMajorLd(t) > 0 ? t : t.contiguousCopy();
    }

    private static boolean isTransposed(Tensor t) {
        return rowMajorLd(t) <= 0;
    }

    private static MatrixBatch operand(Tensor t, boolean transposed) {
        int ld = transposed ? columnMajorLd(t) : rowMajorLd(t);
        int batchStride = t.shape[0] == 1 ? 0 : t.strides[0];
        return new MatrixBatch(t.storage.buffer, t.offset, ld, batchStride);
    }

    /** ld when element (i, j) is at {@code i*ld + j}, else 0. */
    private static int rowMajorLd(Tensor t) {
        int rows = t.shape[1];
        int cols = t.shape[2];
        if (cols != 1 && t.strides[2] != 1) {
            return 0;
        }
        int ld = rows == 1 ? Math.max(cols, 1) : t.strides[1];
        return ld >= cols && ld > 0 ? ld : 0;
    }

    /** ld when element (i, j) is at {@code j*ld + i}, else 0. */
    private static int columnMajorLd(Tensor t) {
        int rows = t.shape[1];
        int cols = t.shape[2];
        if (rows != 1 && t.strides[1] != 1) {
            return 0;
        }
        int ld = cols == 1 ? Math.max(rows, 1) : t.strides[2];
        return ld >= rows && ld > 0 ? ld : 0;
    }

    private static int[] concat(int[] batch, int rows, int cols) {
        int[] shape = Arrays.copyOf(batch, batch.length + 2);
        shape[batch.length] = rows;
        shape[batch.length + 1] = cols;
        return shape;
    }
}
