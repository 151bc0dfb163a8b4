package dev.nabla.cpu;

import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.Strided;
import dev.nabla.backend.UnaryOp;
import dev.nabla.backend.reference.ScalarMath;
import dev.nabla.tensor.DType;

/** Row-wise fused kernels: softmax, cross-entropy (double accumulation, rows are short) and bias + activation. */
final class CpuRows {
    private CpuRows() {
    }

    // x, out (rows, cols) contiguous; max-shifted
    static void softmax(CpuThreads pool, Strided x, Strided out, boolean log) {
        CpuBuffer bx = (CpuBuffer) x.buffer();
        CpuBuffer bo = (CpuBuffer) out.buffer();
        int rows = x.shape()[0];
        int cols = x.shape()[1];
        int parts = (long) rows * cols >= CpuLayout.PARALLEL_MIN / 4 ? Math.min(pool.size(), rows) : 1;
        pool.run(parts, p -> {
            int end = CpuThreads.split(rows, parts, p + 1, 1);
            for (int r = CpuThreads.split(rows, parts, p, 1); r < end; r++) {
                int in = x.offset() + r * cols;
                int o = out.offset() + r * cols;
                double max = max(bx, in, cols);
                double sum = 0;
                for (int c = 0; c < cols; c++) {
                    sum += Math.exp(bx.get(in + c) - max);
                }
                double logSum = Math.log(sum);
                for (int c = 0; c < cols; c++) {
                    double shifted = bx.get(in + c) - max;
                    bo.set(o + c, log ? shifted - logSum : Math.exp(shifted) / sum);
                }
            }
        });
    }

    // logits (rows, cols), labels (rows) int32/int64 -> losses (rows) = logsumexp - logit[label]
    static void crossEntropy(Strided logits, Strided labels, Strided losses) {
        CpuBuffer bx = (CpuBuffer) logits.buffer();
        CpuBuffer bl = (CpuBuffer) labels.buffer();
        CpuBuffer bo = (CpuBuffer) losses.buffer();
        int rows = logits.shape()[0];
        int cols = logits.shape()[1];
        for (int r = 0; r < rows; r++) {
            int in = logits.offset() + r * cols;
            long label = bl.getLong(labels.offset() + r);
            if (label < 0 || label >= cols) {
                throw new IndexOutOfBoundsException("cross_entropy: label " + label + " of row " + r
                        + " is outside [0, " + cols + ")");
            }
            double max = max(bx, in, cols);
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                sum += Math.exp(bx.get(in + c) - max);
            }
            bo.set(losses.offset() + r, max + Math.log(sum) - bx.get(in + (int) label));
        }
    }

    private static double max(CpuBuffer b, int from, int count) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < count; c++) {
            max = Math.max(max, b.get(from + c));
        }
        return max;
    }

    // x, out (N, C, S) contiguous; bias (C): out = activation(x + bias)
    static void biasActivation(CpuThreads pool, Strided x, Strided bias, UnaryOp activation, double alpha, Strided out) {
        CpuBuffer bx = (CpuBuffer) x.buffer();
        CpuBuffer bb = (CpuBuffer) bias.buffer();
        CpuBuffer bo = (CpuBuffer) out.buffer();
        int channels = x.shape()[1];
        int s = x.shape()[2];
        boolean simd = CpuSimd.ENABLED && bx.dtype() == DType.FLOAT32
                && (activation == null || CpuVecOps.hasUnary(activation));
        // S == 1 (a linear layer): rows of C against the bias row; else rows of S against one bias value
        int rows = s == 1 ? x.shape()[0] : x.shape()[0] * channels;
        int width = s == 1 ? channels : s;
        int sb = s == 1 ? 1 : 0;
        int parts = x.numel() >= CpuLayout.PARALLEL_MIN ? Math.min(pool.size(), rows) : 1;
        pool.run(parts, p -> {
            int end = CpuThreads.split(rows, parts, p + 1, 1);
            for (int r = CpuThreads.split(rows, parts, p, 1); r < end; r++) {
                int xo = x.offset() + r * width;
                int oo = out.offset() + r * width;
                int b0 = bias.offset() + (s == 1 ? 0 : r % channels);
                if (simd) {
                    CpuVecOps.binary(BinaryOp.ADD, bx.f, xo, 1, bb.f, b0, sb, bo.f, oo, width);
                    if (activation != null) {
                        CpuVecOps.unary(activation, (float) alpha, bo.f, oo, bo.f, oo, width);
                    }
                } else {
                    for (int j = 0; j < width; j++) {
                        double pre = bx.get(xo + j) + bb.get(b0 + j * sb);
                        bo.set(oo + j, activation == null ? pre : ScalarMath.unary(activation, pre, alpha));
                    }
                }
            }
        });
    }
}
