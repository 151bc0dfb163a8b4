package dev.nabla.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD float32 2x2, stride-2 max pooling of one output row, a vector of outputs at a time: two
 * input rows are split into their even and odd columns with two-vector shuffles, and the four taps
 * are compared in the scalar kernel's order with its rule (a larger value or a first NaN wins), so
 * values and argmax indices are the same as {@link CpuPool}'s scalar loop.
 */
final class CpuVecPool {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> SI = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> SL = LongVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(S, i -> 2 * i);
    private static final VectorShuffle<Float> ODD = VectorShuffle.fromOp(S, i -> 2 * i + 1);

    private CpuVecPool() {
    }

    /** Whether the int and long species line up with the float one (true on AVX2 and AVX-512). */
    static boolean applies() {
        return SI.length() == L && SL.length() * 2 == L;
    }

    /**
     * The whole vectors of one row of {@code ow} outputs: input row at {@code at} (plane offset
     * {@code rel}), row length w -> out at oo, plane-relative argmax indices at io. Returns how many
     * outputs it wrote (a multiple of the vector length); the caller finishes the row.
     */
    static int row(float[] x, int at, int rel, int w, int ow, float[] out, int oo, long[] idx, int io) {
        int count = ow - ow % L;
        IntVector lanes = IntVector.zero(SI).addIndex(2);
        for (int ox = 0; ox < count; ox += L) {
            int a = at + 2 * ox;
            FloatVector r0 = FloatVector.fromArray(S, x, a);
            FloatVector r1 = FloatVector.fromArray(S, x, a + L);
            FloatVector s0 = FloatVector.fromArray(S, x, a + w);
            FloatVector s1 = FloatVector.fromArray(S, x, a + w + L);
            IntVector p = lanes.add(rel + 2 * ox);
            FloatVector best = r0.rearrange(EVEN, r1);
            IntVector bestAt = p;
            FloatVector v = r0.rearrange(ODD, r1);
            VectorMask<Float> take = wins(v, best);
            best = best.blend(v, take);
            bestAt = bestAt.blend(p.add(1), take.cast(SI));
            v = s0.rearrange(EVEN, s1);
            take = wins(v, best);
            best = best.blend(v, take);
            bestAt = bestAt.blend(p.add(w), take.cast(SI));
            v = s0.rearrange(ODD, s1);
            take = wins(v, best);
            best = best.blend(v, take);
            bestAt = bestAt.blend(p.add(w + 1), take.cast(SI));
            best.intoArray(out, oo + ox);
            ((LongVector) bestAt.convertShape(VectorOperators.I2L, SL, 0)).intoArray(idx, io + ox);
            ((LongVector) bestAt.convertShape(VectorOperators.I2L, SL, 1)).intoArray(idx, io + ox + L / 2);
        }
        return count;
    }

    // v > best, or v is NaN and best is not
    private static VectorMask<Float> wins(FloatVector v, FloatVector best) {
        return v.compare(VectorOperators.GT, best).or(v.test(VectorOperators.IS_NAN).andNot(best.test(VectorOperators.IS_NAN)));
    }
}
