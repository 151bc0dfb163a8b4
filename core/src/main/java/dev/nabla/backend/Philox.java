package dev.nabla.backend;

/**
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11): a
 * counter-based generator, so element {@code i} of a draw is a pure function of (seed, block),
 * which lets every backend and every thread produce the same stream without shared state.
 *
 * <p>Mapping to numbers, identical on every backend: a word {@code w} becomes the uniform
 * {@code (w >>> 8) * 2^-24} in [0, 1); a normal sample uses {@code u1 = ((w0 >>> 8) + 1) * 2^-24}
 * (in (0, 1]) and {@code u2 = (w1 >>> 8) * 2^-24}: {@code sqrt(-2 ln u1) * cos(2 pi u2)} (even
 * element) or {@code * sin(2 pi u2)} (odd element).
 */
public final class Philox {
    private static final int M0 = 0xD2511F53;
    private static final int M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;
    private static final double TWO_POW_MINUS_24 = 1.0 / (1 << 24);

    private Philox() {
    }

    /** The four 32-bit words of block {@code counter} under key {@code seed}. */
    public static int[] block(long seed, long counter) {
        int c0 = (int) counter;
        int c1 = (int) (counter >>> 32);
        int c2 = 0;
        int c3 = 0;
        int k0 = (int) seed;
        int k1 = (int) (seed >>> 32);
        for (int round = 0; round < 10; round++) {
            long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
            long p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
            int hi0 = (int) (p0 >>> 32);
            int lo0 = (int) p0;
            int hi1 = (int) (p1 >>> 32);
            int lo1 = (int) p1;
            c0 = hi1 ^ c1 ^ k0;
            c1 = lo1;
            c2 = hi0 ^ c3 ^ k1;
            c3 = lo0;
            k0 += W0;
            k1 += W1;
        }
        return new int[] {c0, c1, c2, c3};
    }

    /** A word as a uniform number in [0, 1) with 24 bits of resolution. */
    public static double uniform(int word) {
        return (word >>> 8) * TWO_POW_MINUS_24;
    }

    /** Element {@code i} of a normal draw from the words of block {@code counter + i / 2}. */
    public static double normal(int[] words, boolean odd) {
        double u1 = ((words[0] >>> 8) + 1) * TWO_POW_MINUS_24;
        double u2 = (words[1] >>> 8) * TWO_POW_MINUS_24;
        double radius = Math.sqrt(-2.0 * Math.log(u1));
        double angle = 2.0 * Math.PI * u2;
        return odd ? radius * Math.sin(angle) : radius * Math.cos(angle);
    }

    /** Blocks a draw of {@code count} elements consumes, so the next draw starts after it. */
    public static long blocksFor(Distribution distribution, long count) {
        return distribution == Distribution.UNIFORM ? (count + 3) / 4 : (count + 1) / 2;
    }
}
