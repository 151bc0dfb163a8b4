package dev.nabla.cuda;

import dev.nabla.backend.Strided;
import java.util.Arrays;

/**
 * Packs up to four strided views of one shape into the kernels' {@code Layout} struct (common.h):
 * {@code rank, count, offset[4], shape[8], stride[4][8]} as 46 ints. Size-1 dimensions are dropped
 * and neighbouring dimensions that are contiguous in every view are merged first, so a contiguous
 * view of any rank becomes rank 1 and only views that stay above {@value #MAX_RANK} dimensions
 * after merging are refused. (The same packing as the OpenCL backend's ClLayout: both feed common.h.)
 */
final class CudaLayout {
    /** The kernels' NB_MAX_RANK. */
    static final int MAX_RANK = 8;
    static final int INTS = 2 + 4 + MAX_RANK + 4 * MAX_RANK;

    private CudaLayout() {
    }

    /** The layout of {@code views}, each read with its own offset and strides over {@code shape}. */
    static int[] of(String op, int[] shape, Strided... views) {
        int k = views.length;
        for (Strided view : views) {
            checkBounds(op, view.buffer(), view.offset(), shape, view.strides());
        }
        int[] dims = new int[shape.length];
        int[][] strides = new int[k][shape.length];
        int rank = 0;
        long count = 1;
        for (int d = 0; d < shape.length; d++) {
            count *= shape[d];
            if (shape[d] == 1) {
                continue;
            }
            boolean merge = rank > 0;
            for (int v = 0; v < k && merge; v++) {
                merge = strides[v][rank - 1] == views[v].strides()[d] * (long) shape[d];
            }
            if (merge) {
                dims[rank - 1] *= shape[d];
                for (int v = 0; v < k; v++) {
                    strides[v][rank - 1] = views[v].strides()[d];
                }
            } else {
                dims[rank] = shape[d];
                for (int v = 0; v < k; v++) {
                    strides[v][rank] = views[v].strides()[d];
                }
                rank++;
            }
        }
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cuda " + op + ": " + count + " elements exceed 2^31-1");
        }
        if (rank > MAX_RANK) {
            throw new IllegalArgumentException("cuda " + op + ": shape " + Arrays.toString(shape) + " has " + rank
                    + " dimensions that cannot be merged; the kernels take at most " + MAX_RANK);
        }
        int[] packed = new int[INTS];
        packed[0] = rank;
        packed[1] = (int) count;
        for (int v = 0; v < k; v++) {
            packed[2 + v] = views[v].offset();
            System.arraycopy(strides[v], 0, packed, 2 + 4 + MAX_RANK + v * MAX_RANK, rank);
        }
        System.arraycopy(dims, 0, packed, 2 + 4, rank);
        return packed;
    }

    /** Throws unless every element of the view lies inside its buffer (a kernel writing outside would corrupt other tensors). */
    static void checkBounds(String op, dev.nabla.backend.Buffer buffer, int offset, int[] shape, int[] strides) {
        long low = offset;
        long high = offset;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 0) {
                return;
            }
            long reach = (long) (shape[d] - 1) * strides[d];
            low += Math.min(reach, 0);
            high += Math.max(reach, 0);
        }
        if (low < 0 || high >= buffer.length()) {
            throw new IndexOutOfBoundsException("cuda " + op + ": view of shape " + Arrays.toString(shape) + ", strides "
                    + Arrays.toString(strides) + " at offset " + offset + " reaches elements [" + low + ", " + high
                    + "] of a buffer of " + buffer.length());
        }
    }

    /** Number of elements a packed layout covers. */
    static int count(int[] layout) {
        return layout[1];
    }
}
