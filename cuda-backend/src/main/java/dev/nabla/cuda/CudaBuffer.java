package dev.nabla.cuda;

import dev.nabla.backend.Buffer;
import dev.nabla.tensor.DType;
import jcuda.driver.CUdeviceptr;

/** A device buffer: {@code length} elements of {@code dtype} in a block of the caching allocator. */
final class CudaBuffer implements Buffer {
    final CUdeviceptr ptr;
    private final DType dtype;
    private final long length;
    volatile boolean released;

    CudaBuffer(CUdeviceptr ptr, DType dtype, long length) {
        this.ptr = ptr;
        this.dtype = dtype;
        this.length = length;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public long length() {
        return length;
    }

    long bytes() {
        return length * dtype.byteSize();
    }

    /** The device address of element {@code offset}. */
    CUdeviceptr at(long offset) {
        return ptr.withByteOffset(offset * dtype.byteSize());
    }
}
