package dev.nabla.data;

/** Derives independent 64-bit seeds from tuples such as (seed, epoch, position): SplitMix64 finalisers. */
final class Seeds {
    /** Tag of the stream that shuffles epochs. */
    static final long SHUFFLE = 0x5348_5546_464CL;
    /** Tag of the stream that splits datasets. */
    static final long SPLIT = 0x5350_4C49_54L;
    /** Tag of the streams random transforms draw from. */
    static final long TRANSFORM = 0x5452_414E_53L;

    private Seeds() {
    }

    /** A well-mixed seed that depends on every value and on their order. */
    static long mix(long... values) {
        long h = 0x9E3779B97F4A7C15L;
        for (long v : values) {
            h = mix64(h ^ mix64(v + 0x9E3779B97F4A7C15L));
        }
        return h;
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
