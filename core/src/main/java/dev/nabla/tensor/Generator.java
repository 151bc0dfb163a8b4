package dev.nabla.tensor;

import dev.nabla.backend.Distribution;
import dev.nabla.backend.Philox;

/**
 * A seeded source of random tensors: a Philox key (the seed) and a position in its stream.
 * Each draw advances the position, so a sequence of draws from one seed is reproducible on every
 * backend, and saving {@link #seed()} and {@link #position()} lets a job resume its stream exactly.
 */
public final class Generator {
    private static volatile Generator global = new Generator(0);

    private final long seed;
    private long position;

    /**
     * The process-wide default generator (seed 0 until {@link #manualSeed} is called), used by
     * layers such as dropout when no generator is given.
     */
    public static Generator global() {
        return global;
    }

    /** Restarts the default generator at the beginning of {@code seed}'s stream (PyTorch's {@code manual_seed}). */
    public static void manualSeed(long seed) {
        global = new Generator(seed);
    }

    /** Restores the default generator to a saved seed and position (for resuming a job). */
    public static void restoreGlobal(long seed, long position) {
        global = new Generator(seed, position);
    }

    /** A generator at the start of {@code seed}'s stream. */
    public Generator(long seed) {
        this(seed, 0);
    }

    /** A generator at block {@code position} of {@code seed}'s stream (to restore saved state). */
    public Generator(long seed, long position) {
        this.seed = seed;
        this.position = position;
    }

    /** The Philox key. */
    public long seed() {
        return seed;
    }

    /** The next 128-bit block this generator will use. */
    public synchronized long position() {
        return position;
    }

    /**
     * Moves this generator to block {@code position} of its stream: resumes a saved job whose layers
     * (e.g. dropout built by {@code ModelSpec.build(gen)}) hold this generator.
     */
    public synchronized void seek(long position) {
        if (position < 0) {
            throw new IllegalArgumentException("Generator: position " + position + " is negative");
        }
        this.position = position;
    }

    /** Reserves the blocks a draw of {@code count} samples uses and returns the first. */
    public synchronized long reserve(Distribution distribution, long count) {
        long start = position;
        position += Philox.blocksFor(distribution, count);
        return start;
    }

    /** A new generator whose stream is independent of this one's (derived from the next block). */
    public Generator fork() {
        long start = reserve(Distribution.UNIFORM, 4);
        int[] words = Philox.block(seed, start);
        return new Generator(((long) words[0] << 32) ^ (words[1] & 0xFFFFFFFFL));
    }

    @Override
    public String toString() {
        return "Generator[seed=" + seed + ", position=" + position() + "]";
    }
}
