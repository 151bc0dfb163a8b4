package dev.nabla.opencl;

import dev.nabla.backend.Buffer;
import dev.nabla.backend.Strided;
import dev.nabla.kernels.DeviceBuffer;
import dev.nabla.kernels.KernelTypes;
import dev.nabla.tensor.DType;
import org.jocl.Pointer;
import org.jocl.cl_mem;

/** A device buffer: {@code length} elements of {@code dtype} in an allocation of {@code capacity} bytes. */
final class ClBuffer extends DeviceBuffer {
    final cl_mem mem;
    final long capacity;

    ClBuffer(cl_mem mem, long capacity, DType dtype, long length) {
        super(dtype, length);
        this.mem = mem;
        this.capacity = capacity;
    }

    /** The host side of a transfer of {@code length} elements at {@code deviceOffset}, checked against this buffer. */
    Pointer host(Object array, long deviceOffset, int hostOffset, int length, String op) {
        checkTransfer("opencl", array, deviceOffset, hostOffset, length, op);
        Pointer p = switch (dtype()) {
            case FLOAT32 -> Pointer.to((float[]) array);
            case FLOAT64 -> Pointer.to((double[]) array);
            case INT32 -> Pointer.to((int[]) array);
            case INT64 -> Pointer.to((long[]) array);
        };
        return p.withByteOffset((long) hostOffset * dtype().byteSize());
    }

    static ClBuffer own(Strided view, String op) {
        return own(view.buffer(), op);
    }

    /** The OpenCL buffer behind {@code buffer}, or a clear error for a foreign or released one. */
    static ClBuffer own(Buffer buffer, String op) {
        return DeviceBuffer.own("opencl", ClBuffer.class, buffer, op);
    }

    /** The view's dtype, which must be float32 or float64. */
    static DType floating(Strided view, String op) {
        return KernelTypes.floating("opencl", view, op);
    }
}
