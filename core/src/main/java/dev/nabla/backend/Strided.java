package dev.nabla.backend;

import java.util.Arrays;

/**
 * An explicit strided view of a buffer, the layout argument of every element-wise primitive:
 * element {@code (i0, i1, ...)} lives at {@code offset + i0*strides[0] + i1*strides[1] + ...}.
 * A stride of 0 broadcasts a dimension. Strides and offset are in elements.
 *
 * @param buffer  the memory
 * @param offset  element offset of index (0, ..., 0)
 * @param shape   sizes per dimension (rank 0 is a scalar)
 * @param strides element strides per dimension, same length as {@code shape}
 */
public record Strided(Buffer buffer, int offset, int[] shape, int[] strides) {

    public Strided {
        if (shape.length != strides.length) {
            throw new IllegalArgumentException("Strided: shape " + Arrays.toString(shape)
                    + " and strides " + Arrays.toString(strides) + " differ in rank");
        }
    }

    /** A contiguous row-major view of {@code shape} starting at {@code offset}. */
    public static Strided contiguous(Buffer buffer, int offset, int... shape) {
        return new Strided(buffer, offset, shape, rowMajorStrides(shape));
    }

    /** Row-major (C order) strides for a shape. */
    public static int[] rowMajorStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = s;
            s *= shape[d];
        }
        return strides;
    }

    /** Number of elements addressed. */
    public long numel() {
        long n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    /** Rank. */
    public int rank() {
        return shape.length;
    }

    /** True when the view is row-major contiguous (size-1 dimensions may have any stride). */
    public boolean isContiguous() {
        int expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && strides[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    /** Element offset of the multi-index {@code index}. */
    public int offsetOf(int[] index) {
        int at = offset;
        for (int d = 0; d < index.length; d++) {
            at += index[d] * strides[d];
        }
        return at;
    }

    /** Advances {@code index} to the next multi-index of {@code shape} in row-major order (wraps to zero after the last). */
    public static void nextIndex(int[] index, int[] shape) {
        for (int d = index.length - 1; d >= 0; d--) {
            if (++index[d] < shape[d]) {
                return;
            }
            index[d] = 0;
        }
    }

    @Override
    public String toString() {
        return "Strided[offset=" + offset + ", shape=" + Arrays.toString(shape)
                + ", strides=" + Arrays.toString(strides) + "]";
    }
}
