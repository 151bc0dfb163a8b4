package dev.nabla.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD float32 rows of batch normalisation (see {@link CpuNorm}): one channel's {@code n} rows of
 * {@code s} contiguous values, {@code stride} apart. Sums run in float lanes within a row and in
 * double across rows, so a long batch keeps its precision.
 */
final class CpuVecNorm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private CpuVecNorm() {
    }

    /** Sum of {@code x - shift} (or of its square) over the channel's rows. */
    static double sum(float[] x, int x0, int n, int stride, int s, float shift, boolean square) {
        double total = 0;
        FloatVector sh = FloatVector.broadcast(S, shift);
        int bound = S.loopBound(s);
        for (int i = 0, row = x0; i < n; i++, row += stride) {
            FloatVector acc = FloatVector.zero(S);
            int k = 0;
            for (; k < bound; k += L) {
                FloatVector d = FloatVector.fromArray(S, x, row + k).sub(sh);
                acc = square ? d.fma(d, acc) : acc.add(d);
            }
            double rowSum = CpuVecOps.sumLanes(acc);
            for (; k < s; k++) {
                float d = x[row + k] - shift;
                rowSum += square ? d * d : d;
            }
            total += rowSum;
        }
        return total;
    }

    /** Sum of {@code g * (x - mu)} over the channel's rows. */
    static double dot(float[] g, int g0, float[] x, int x0, int n, int stride, int s, float mu) {
        double total = 0;
        FloatVector m = FloatVector.broadcast(S, mu);
        int bound = S.loopBound(s);
        for (int i = 0; i < n; i++) {
            int gr = g0 + i * stride;
            int xr = x0 + i * stride;
            FloatVector acc = FloatVector.zero(S);
            int k = 0;
            for (; k < bound; k += L) {
                acc = FloatVector.fromArray(S, x, xr + k).sub(m).fma(FloatVector.fromArray(S, g, gr + k), acc);
            }
            double rowSum = CpuVecOps.sumLanes(acc);
            for (; k < s; k++) {
                rowSum += (double) g[gr + k] * (x[xr + k] - mu);
            }
            total += rowSum;
        }
        return total;
    }

    /** out = (x - mu) * scale + shift, row by row. */
    static void normalize(float[] x, int x0, float[] out, int o0, int n, int stride, int s, float mu, float scale,
                          float shift) {
        FloatVector m = FloatVector.broadcast(S, mu);
        FloatVector sc = FloatVector.broadcast(S, scale);
        FloatVector sh = FloatVector.broadcast(S, shift);
        int bound = S.loopBound(s);
        for (int i = 0; i < n; i++) {
            int xr = x0 + i * stride;
            int or = o0 + i * stride;
            int k = 0;
            for (; k < bound; k += L) {
                FloatVector.fromArray(S, x, xr + k).sub(m).fma(sc, sh).intoArray(out, or + k);
            }
            for (; k < s; k++) {
                out[or + k] = Math.fma(x[xr + k] - mu, scale, shift);
            }
        }
    }

    /** dx = g * a - (x - mu) * b - c, row by row. */
    static void backward(float[] g, int g0, float[] x, int x0, float[] dx, int d0, int n, int stride, int s, float mu,
                         float a, float b, float c) {
        FloatVector m = FloatVector.broadcast(S, mu);
        FloatVector va = FloatVector.broadcast(S, a);
        FloatVector vb = FloatVector.broadcast(S, -b);
        FloatVector vc = FloatVector.broadcast(S, -c);
        int bound = S.loopBound(s);
        for (int i = 0; i < n; i++) {
            int gr = g0 + i * stride;
            int xr = x0 + i * stride;
            int dr = d0 + i * stride;
            int k = 0;
            for (; k < bound; k += L) {
                FloatVector t = FloatVector.fromArray(S, x, xr + k).sub(m).fma(vb, vc);
                FloatVector.fromArray(S, g, gr + k).fma(va, t).intoArray(dx, dr + k);
            }
            for (; k < s; k++) {
                dx[dr + k] = Math.fma(g[gr + k], a, Math.fma(x[xr + k] - mu, -b, -c));
            }
        }
    }
}
