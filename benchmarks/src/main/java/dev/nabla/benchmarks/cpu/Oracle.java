package dev.nabla.benchmarks.cpu;

/** The check every benchmark runs before timing: its result against the reference backend's. */
final class Oracle {
    private Oracle() {
    }

    /** Fails unless {@code |actual - expected| <= tol * (1 + |expected|)} everywhere. */
    static void assertClose(String what, float[] expected, float[] actual, double tol) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": length " + actual.length + " != " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= tol * (1 + Math.abs(expected[i])))) {
                throw new AssertionError(what + ": element " + i + " expected " + expected[i] + " but was " + actual[i]);
            }
        }
    }

    /** Deterministic pseudo-random floats in [-1, 1). */
    static float[] random(int n, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }
}
