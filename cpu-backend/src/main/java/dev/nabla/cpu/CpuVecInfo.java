package dev.nabla.cpu;

import jdk.incubator.vector.FloatVector;

/** Facts about the preferred vector shape; loaded only when {@link CpuSimd#ENABLED}. */
final class CpuVecInfo {
    private CpuVecInfo() {
    }

    /** Floats per preferred vector (16 with AVX-512). */
    static int floatLanes() {
        return FloatVector.SPECIES_PREFERRED.length();
    }

    static String describe() {
        return "SIMD " + FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit";
    }
}
