package dev.nabla.backend;

/**
 * Memory accounting of one backend, in bytes.
 *
 * @param inUse       bytes held by live buffers
 * @param cached      bytes freed by tensors but kept by a caching allocator for reuse
 * @param peak        highest {@code inUse} seen
 * @param liveBuffers number of live buffers
 */
public record MemoryStats(long inUse, long cached, long peak, long liveBuffers) {
}
