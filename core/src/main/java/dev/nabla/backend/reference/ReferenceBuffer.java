package dev.nabla.backend.reference;

import dev.nabla.backend.Buffer;
import dev.nabla.backend.HostArrays;
import dev.nabla.tensor.DType;

/** A Java array holding one reference-backend buffer; elements are read and written as doubles. */
final class ReferenceBuffer implements Buffer {
    private final DType dtype;
    private final Object data;
    private final int length;
    boolean released;

    ReferenceBuffer(DType dtype, int length) {
        this.dtype = dtype;
        this.length = length;
        this.data = HostArrays.allocate(dtype, length);
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public long length() {
        return length;
    }

    Object array() {
        return data;
    }

    double get(int i) {
        return switch (dtype) {
            case FLOAT32 -> ((float[]) data)[i];
            case FLOAT64 -> ((double[]) data)[i];
            case INT32 -> ((int[]) data)[i];
            case INT64 -> ((long[]) data)[i];
        };
    }

    /** Stores {@code v} converted to the dtype (float to int truncates toward zero, as C casts do). */
    void set(int i, double v) {
        switch (dtype) {
            case FLOAT32 -> ((float[]) data)[i] = (float) v;
            case FLOAT64 -> ((double[]) data)[i] = v;
            case INT32 -> ((int[]) data)[i] = (int) v;
            case INT64 -> ((long[]) data)[i] = (long) v;
        }
    }

    /** Exact read of an integer element (doubles cannot hold every int64). */
    long getLong(int i) {
        return switch (dtype) {
            case INT32 -> ((int[]) data)[i];
            case INT64 -> ((long[]) data)[i];
            default -> (long) get(i);
        };
    }

    void setLong(int i, long v) {
        switch (dtype) {
            case INT32 -> ((int[]) data)[i] = (int) v;
            case INT64 -> ((long[]) data)[i] = v;
            default -> set(i, v);
        }
    }
}
