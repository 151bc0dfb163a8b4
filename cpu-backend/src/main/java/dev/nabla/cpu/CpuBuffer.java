package dev.nabla.cpu;

import dev.nabla.backend.Buffer;
import dev.nabla.backend.HostArrays;
import dev.nabla.tensor.DType;

/** One Java array holding a CPU-backend buffer; exactly one of the typed fields is non-null. */
final class CpuBuffer implements Buffer {
    private final DType dtype;
    private final int length;
    final float[] f;
    final double[] d;
    final int[] i;
    final long[] l;
    boolean released;

    CpuBuffer(DType dtype, int length) {
        this(dtype, length, HostArrays.allocate(dtype, length));
    }

    /** Wraps {@code array} (recycled by {@link CpuBufferCache}), which must match {@code dtype} and {@code length}. */
    CpuBuffer(DType dtype, int length, Object array) {
        this.dtype = dtype;
        this.length = length;
        f = dtype == DType.FLOAT32 ? (float[]) array : null;
        d = dtype == DType.FLOAT64 ? (double[]) array : null;
        i = dtype == DType.INT32 ? (int[]) array : null;
        l = dtype == DType.INT64 ? (long[]) array : null;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public long length() {
        return length;
    }

    /** The backing array ({@code float[]}, {@code double[]}, {@code int[]} or {@code long[]}). */
    Object array() {
        return switch (dtype) {
            case FLOAT32 -> f;
            case FLOAT64 -> d;
            case INT32 -> i;
            case INT64 -> l;
        };
    }

    double get(int at) {
        return switch (dtype) {
            case FLOAT32 -> f[at];
            case FLOAT64 -> d[at];
            case INT32 -> i[at];
            case INT64 -> l[at];
        };
    }

    /** Stores {@code v} converted to the dtype (float to int truncates toward zero). */
    void set(int at, double v) {
        switch (dtype) {
            case FLOAT32 -> f[at] = (float) v;
            case FLOAT64 -> d[at] = v;
            case INT32 -> i[at] = (int) v;
            case INT64 -> l[at] = (long) v;
        }
    }

    /** Exact read of an integer element (a double cannot hold every int64). */
    long getLong(int at) {
        return switch (dtype) {
            case INT32 -> i[at];
            case INT64 -> l[at];
            default -> (long) get(at);
        };
    }

    void setLong(int at, long v) {
        switch (dtype) {
            case INT32 -> i[at] = (int) v;
            case INT64 -> l[at] = v;
            default -> set(at, v);
        }
    }
}
