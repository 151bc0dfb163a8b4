package dev.nabla.kernels;

import dev.nabla.backend.Buffer;
import dev.nabla.backend.HostArrays;
import dev.nabla.tensor.DType;
import java.lang.reflect.Array;

/**
 * What the buffers of the two device backends share: element type and count, the released flag that
 * turns a use after release into a clear error, and the checks of a host transfer. The subclass holds
 * the device memory ({@code cl_mem}, {@code CUdeviceptr}).
 *
 * <pre>{@code
 * CudaBuffer b = DeviceBuffer.own("cuda", CudaBuffer.class, buffer, "write");
 * b.checkTransfer("cuda", hostArray, dstOffset, srcOffset, length, "write");
 * }</pre>
 */
public abstract class DeviceBuffer implements Buffer {
    private final DType dtype;
    private final long length;
    private volatile boolean released;

    protected DeviceBuffer(DType dtype, long length) {
        this.dtype = dtype;
        this.length = length;
    }

    @Override
    public final DType dtype() {
        return dtype;
    }

    @Override
    public final long length() {
        return length;
    }

    /** Bytes the elements take (the allocation behind them may be larger). */
    public final long bytes() {
        return length * dtype.byteSize();
    }

    /** Marks the buffer released: {@link #own} refuses it from now on. */
    public final void markReleased() {
        released = true;
    }

    /** {@code buffer} as backend {@code backend}'s own {@code type}, or a clear error for a foreign or released one. */
    public static <B extends DeviceBuffer> B own(String backend, Class<B> type, Buffer buffer, String op) {
        if (!type.isInstance(buffer)) {
            throw new IllegalArgumentException(backend + " " + op + ": buffer belongs to another backend ("
                    + (buffer == null ? "null" : buffer.getClass().getSimpleName()) + ")");
        }
        if (((DeviceBuffer) buffer).released) {
            throw new IllegalStateException(backend + " " + op + ": buffer was already released");
        }
        return type.cast(buffer);
    }

    /**
     * Throws unless {@code length} elements at {@code deviceOffset} lie in this buffer and {@code array}
     * is a host array of this dtype with {@code length} elements at {@code hostOffset}.
     */
    public final void checkTransfer(String backend, Object array, long deviceOffset, int hostOffset, int length,
                                    String op) {
        if (deviceOffset < 0 || length < 0 || deviceOffset + length > this.length) {
            throw new IndexOutOfBoundsException(backend + " " + op + ": elements [" + deviceOffset + ", "
                    + (deviceOffset + length) + ") outside a buffer of " + this.length);
        }
        if (!HostArrays.matches(array, dtype)) {
            throw new IllegalArgumentException(backend + " " + op + ": host array " + (array == null ? "null"
                    : array.getClass().getSimpleName()) + " does not match buffer dtype " + dtype.shortName());
        }
        if (hostOffset < 0 || hostOffset + length > Array.getLength(array)) {
            throw new IndexOutOfBoundsException(backend + " " + op + ": host elements [" + hostOffset + ", "
                    + (hostOffset + length) + ") outside an array of " + Array.getLength(array));
        }
    }
}
