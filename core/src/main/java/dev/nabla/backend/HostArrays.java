package dev.nabla.backend;

import dev.nabla.tensor.DType;

/**
 * The Java array that holds each dtype on the host ({@code float[]}, {@code double[]},
 * {@code int[]}, {@code long[]}): what {@link Backend#write} and {@link Backend#read} take, and what
 * CPU backends keep their buffers in.
 */
public final class HostArrays {
    private HostArrays() {
    }

    /** A zero-filled array of {@code length} elements of {@code dtype}. */
    public static Object allocate(DType dtype, int length) {
        return switch (dtype) {
            case FLOAT32 -> new float[length];
            case FLOAT64 -> new double[length];
            case INT32 -> new int[length];
            case INT64 -> new long[length];
        };
    }

    /** True when {@code array} is the host array type of {@code dtype}. */
    public static boolean matches(Object array, DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> array instanceof float[];
            case FLOAT64 -> array instanceof double[];
            case INT32 -> array instanceof int[];
            case INT64 -> array instanceof long[];
        };
    }

    /** {@code array}, or an error naming {@code op} when it does not hold {@code dtype}. */
    public static Object require(Object array, DType dtype, String op) {
        if (!matches(array, dtype)) {
            throw new IllegalArgumentException(op + ": host array " + (array == null ? "null" : array.getClass().getSimpleName())
                    + " does not match buffer dtype " + dtype.shortName());
        }
        return array;
    }
}
