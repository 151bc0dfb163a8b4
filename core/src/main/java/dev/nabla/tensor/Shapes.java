package dev.nabla.tensor;

import java.util.Arrays;

/** Shape arithmetic shared by tensor ops: sizes, broadcasting, axis normalisation. */
public final class Shapes {
    private Shapes() {
    }

    /** Number of elements of a shape (1 for a scalar). */
    public static long numel(int[] shape) {
        long n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    /** {@code [2, 3]} style text used in every error message. */
    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }

    /**
     * The NumPy broadcast of two shapes: aligned from the right, each pair of sizes equal or one
     * of them 1.
     */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b)
                        + " cannot be broadcast (dimension " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Normalises a possibly negative axis against {@code rank}, with an error naming the op. */
    public static int axis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= Math.max(rank, 1)) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for rank " + rank);
        }
        return a;
    }

    /** Normalised, sorted, distinct axes; an empty argument means every axis. */
    public static int[] axes(String op, int[] axes, int rank) {
        if (axes.length == 0) {
            int[] all = new int[rank];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int[] result = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            result[i] = axis(op, axes[i], rank);
        }
        Arrays.sort(result);
        for (int i = 1; i < result.length; i++) {
            if (result[i] == result[i - 1]) {
                throw new IllegalArgumentException(op + ": axis " + result[i] + " is repeated in " + Arrays.toString(axes));
            }
        }
        return result;
    }

    /** Resolves one {@code -1} in a requested shape against {@code numel}. */
    public static int[] infer(String op, int[] requested, long numel, int[] from) {
        int[] shape = requested.clone();
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (unknown >= 0) {
                    throw new IllegalArgumentException(op + ": only one dimension can be -1 in " + str(requested));
                }
                unknown = i;
            } else if (shape[i] < 0) {
                throw new IllegalArgumentException(op + ": negative size in " + str(requested));
            } else {
                known *= shape[i];
            }
        }
        if (unknown >= 0) {
            if (known == 0 || numel % known != 0) {
                throw new IllegalArgumentException(op + ": cannot reshape " + str(from) + " into " + str(requested));
            }
            shape[unknown] = (int) (numel / known);
        } else if (known != numel) {
            throw new IllegalArgumentException(op + ": cannot reshape " + str(from) + " (" + numel + " elements) into "
                    + str(requested) + " (" + known + " elements)");
        }
        return shape;
    }

    /**
     * Strides that view {@code (shape, strides)} as {@code newShape} without copying, or null when
     * that is impossible (PyTorch's rule: each group of merged dimensions must be contiguous with
     * itself).
     */
    public static int[] viewStrides(int[] shape, int[] strides, int[] newShape) {
        int[] newStrides = new int[newShape.length];
        if (numel(shape) == 0) {
            return Arrays.copyOf(dev.nabla.backend.Strided.rowMajorStrides(newShape), newShape.length);
        }
        int viewD = newShape.length - 1;
        long chunkBaseStride = strides.length > 0 ? strides[strides.length - 1] : 1;
        long tensorNumel = 1;
        long viewNumel = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            tensorNumel *= shape[d];
            boolean chunkEnds = d == 0 || (shape[d - 1] != 1 && strides[d - 1] != tensorNumel * chunkBaseStride);
            if (chunkEnds) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    newStrides[viewD] = (int) (viewNumel * chunkBaseStride);
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) {
                    return null;
                }
                if (d > 0) {
                    chunkBaseStride = strides[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        if (viewD != -1) {
            // Remaining leading view dimensions are all of size 1.
            for (; viewD >= 0; viewD--) {
                if (newShape[viewD] != 1) {
                    return null;
                }
                newStrides[viewD] = 1;
            }
        }
        return newStrides;
    }
}
