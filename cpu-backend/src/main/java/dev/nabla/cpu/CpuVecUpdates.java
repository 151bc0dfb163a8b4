package dev.nabla.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** SIMD float32 SGD step (after the first, whose velocity initialisation runs in the scalar loop). */
final class CpuVecUpdates {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private CpuVecUpdates() {
    }

    // p, g, v at their offsets, elements [from, to): g += wd*p; v = mom*v + (1-damp)*g; g = nesterov ? g + mom*v : v; p -= lr*g
    static void sgd(float[] p, int po, float[] g, int go, float[] v, int vo, int from, int to, float lr, float momentum,
                    float dampening, float weightDecay, boolean nesterov) {
        boolean useMomentum = momentum != 0;
        float keep = 1 - dampening;
        FloatVector wd = FloatVector.broadcast(S, weightDecay);
        FloatVector mom = FloatVector.broadcast(S, momentum);
        FloatVector step = FloatVector.broadcast(S, -lr);
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
            FloatVector pv = FloatVector.fromArray(S, p, po + i);
            FloatVector gv = FloatVector.fromArray(S, g, go + i);
            if (weightDecay != 0) {
                gv = pv.fma(wd, gv);
            }
            if (useMomentum) {
                FloatVector buf = FloatVector.fromArray(S, v, vo + i).fma(mom, gv.mul(keep));
                buf.intoArray(v, vo + i);
                gv = nesterov ? buf.fma(mom, gv) : buf;
            }
            gv.fma(step, pv).intoArray(p, po + i);
        }
        // scalar tail
        for (; i < to; i++) {
            float gi = g[go + i];
            if (weightDecay != 0) {
                gi = Math.fma(p[po + i], weightDecay, gi);
            }
            if (useMomentum) {
                float buf = Math.fma(v[vo + i], momentum, gi * keep);
                v[vo + i] = buf;
                gi = nesterov ? Math.fma(buf, momentum, gi) : buf;
            }
            p[po + i] = Math.fma(gi, -lr, p[po + i]);
        }
    }
}
