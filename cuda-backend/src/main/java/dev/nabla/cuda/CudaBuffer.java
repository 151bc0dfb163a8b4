package dev.nabla.cuda;

import dev.nabla.kernels.DeviceBuffer;
import dev.nabla.tensor.DType;
import jcuda.driver.CUdeviceptr;

/** A device buffer: {@code length} elements of {@code dtype} in a block of the caching allocator. */
final class CudaBuffer extends DeviceBuffer {
    final CUdeviceptr ptr;

    CudaBuffer(CUdeviceptr ptr, DType dtype, long length) {
        super(dtype, length);
        this.ptr = ptr;
    }

    /** The device address of element {@code offset}. */
    CUdeviceptr at(long offset) {
        return ptr.withByteOffset(offset * dtype().byteSize());
    }
}
