package dev.nabla.opencl;

import dev.nabla.backend.Buffer;
import dev.nabla.backend.Strided;
import dev.nabla.tensor.DType;
import org.jocl.Pointer;
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

    /** The host side of a transfer of {@code length} elements at {@code deviceOffset}, checked against this buffer. */
    Pointer host(Object array, long deviceOffset, int hostOffset, int length, String op) {
        if (deviceOffset < 0 || length < 0 || deviceOffset + length > this.length) {
            throw new IndexOutOfBoundsException("opencl " + op + ": elements [" + deviceOffset + ", "
                    + (deviceOffset + length) + ") outside a buffer of " + this.length);
        }
        Pointer p = switch (dtype) {
            case FLOAT32 -> array instanceof float[] f ? Pointer.to(f) : null;
            case FLOAT64 -> array instanceof double[] d ? Pointer.to(d) : null;
            case INT32 -> array instanceof int[] i ? Pointer.to(i) : null;
            case INT64 -> array instanceof long[] l ? Pointer.to(l) : null;
        };
        if (p == null) {
            throw new IllegalArgumentException("opencl " + op + ": host array " + (array == null ? "null"
                    : array.getClass().getSimpleName()) + " does not match buffer dtype " + dtype.shortName());
        }
        return p.withByteOffset((long) hostOffset * dtype.byteSize());
    }

    static ClBuffer own(Strided view, String op) {
        return own(view.buffer(), op);
    }

    /** The OpenCL buffer behind {@code buffer}, or a clear error for a foreign or released one. */
    static ClBuffer own(Buffer buffer, String op) {
        if (!(buffer instanceof ClBuffer b)) {
            throw new IllegalArgumentException("opencl " + op + ": buffer belongs to another backend ("
                    + (buffer == null ? "null" : buffer.getClass().getSimpleName()) + ")");
        }
        if (b.released) {
            throw new IllegalStateException("opencl " + op + ": buffer was already released");
        }
        return b;
    }

    /** The view's dtype, which must be float32 or float64. */
    static DType floating(Strided view, String op) {
        DType t = view.buffer().dtype();
        if (!t.isFloating()) {
            throw new IllegalArgumentException("opencl " + op + ": needs float32 or float64, got " + t.shortName());
        }
        return t;
    }
}
