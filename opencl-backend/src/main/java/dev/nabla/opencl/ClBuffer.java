package dev.nabla.opencl;

import dev.nabla.backend.Buffer;
import dev.nabla.tensor.DType;
import org.jocl.cl_mem;

/** A device buffer: {@code length} elements of {@code dtype} in an allocation of {@code capacity} bytes. */
final class ClBuffer implements Buffer {
    final cl_mem mem;
    final long capacity;
    private final DType dtype;
    private final long length;
    boolean released;

    ClBuffer(cl_mem mem, long capacity, DType dtype, long length) {
        this.mem = mem;
        this.capacity = capacity;
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
}
