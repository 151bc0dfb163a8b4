package dev.nabla.backend;

import dev.nabla.tensor.DType;

/**
 * A block of memory owned by one backend: host arrays for CPU backends, device memory for GPUs.
 * Backends hand out their own implementation and accept only their own buffers.
 */
public interface Buffer {
    /** Element type of every element in this buffer. */
    DType dtype();

    /** Number of elements (not bytes). */
    long length();
}
