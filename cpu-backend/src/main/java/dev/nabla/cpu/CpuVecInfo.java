package dev.nabla.cpu;

import jdk.incubator.vector.FloatVector;

/** Facts about the preferred vector shape; loaded only when {@link CpuSimd#ENABLED}. */
final class CpuVecInfo {
    private CpuVecInfo() {
    }

    static String describe() {
        return "SIMD " + FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit";
    }
}
