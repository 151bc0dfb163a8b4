package dev.nabla.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD float32 copy, fill and accumulate over short runs (a GEMM panel row, one output row of
 * im2col): C2's auto-vectorizer leaves loops of a few dozen iterations scalar, because its
 * unrolled vector body is longer than the run.
 */
final class CpuVecCopy {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private CpuVecCopy() {
    }

    // dst[d..d+n) = src[s..s+n); a run of at least one vector ends with a vector that overlaps the
    // previous one (writing the same values twice) instead of a scalar tail
    static void copy(float[] src, int s, float[] dst, int d, int n) {
        if (n < L) {
            for (int k = 0; k < n; k++) {
                dst[d + k] = src[s + k];
            }
            return;
        }
        int k = 0;
        for (int bound = n - L; k < bound; k += L) {
            FloatVector.fromArray(S, src, s + k).intoArray(dst, d + k);
        }
        FloatVector.fromArray(S, src, s + n - L).intoArray(dst, d + n - L);
    }

    // dst[d..d+n) = src[s..s+n) + v, with an overlapping last vector like copy (src and dst apart)
    static void copyPlus(float[] src, int s, float[] dst, int d, int n, float v) {
        if (n < L) {
            for (int k = 0; k < n; k++) {
                dst[d + k] = src[s + k] + v;
            }
            return;
        }
        int k = 0;
        for (int bound = n - L; k < bound; k += L) {
            FloatVector.fromArray(S, src, s + k).add(v).intoArray(dst, d + k);
        }
        FloatVector.fromArray(S, src, s + n - L).add(v).intoArray(dst, d + n - L);
    }

    // dst[from..to) = v, with an overlapping last vector like copy
    static void fill(float[] dst, int from, int to, float v) {
        if (to - from < L) {
            for (int k = from; k < to; k++) {
                dst[k] = v;
            }
            return;
        }
        FloatVector fv = FloatVector.broadcast(S, v);
        for (int k = from, bound = to - L; k < bound; k += L) {
            fv.intoArray(dst, k);
        }
        fv.intoArray(dst, to - L);
    }

    // dst[d..d+n) += src[s..s+n)
    static void add(float[] src, int s, float[] dst, int d, int n) {
        int k = 0;
        for (int bound = S.loopBound(n); k < bound; k += L) {
            FloatVector.fromArray(S, dst, d + k).add(FloatVector.fromArray(S, src, s + k)).intoArray(dst, d + k);
        }
        for (; k < n; k++) {
            dst[d + k] += src[s + k];
        }
    }
}
