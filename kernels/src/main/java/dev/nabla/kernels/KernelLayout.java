package dev.nabla.kernels;

import dev.nabla.backend.Conv2dGeometry;
import dev.nabla.backend.Strided;
import java.util.Arrays;

/**
 * The kernels' argument structs, packed as ints in the order the kernels read them. Mirrors common.h's
 * {@code Layout} ({@code rank, count, offset[4], shape[8], stride[4][8]}: 46 ints), conv.cl's
 * {@code Geometry} (14 ints) and the index-error record of common.h's {@code nb_report_index}; a change
 * to one of those structs changes this class. Errors name the backend and the op ({@code "cuda copy: ..."}).
 *
 * <pre>{@code
 * int[] layout = KernelLayout.of("opencl", "copy", dst.shape(), src, dst);   // one by-value struct argument
 * launch("copy.cl", ...).mem(src).mem(dst).ints(layout).grid(KernelLayout.count(layout));
 * }</pre>
 */
public final class KernelLayout {
    /** The kernels' NB_MAX_RANK. */
    public static final int MAX_RANK = 8;
    /** Ints in a packed Layout. */
    public static final int INTS = 2 + 4 + MAX_RANK + 4 * MAX_RANK;
    /** Ints in the index-error record: {@code {found, low word, high word}}. */
    public static final int INDEX_RECORD_INTS = 3;

    private KernelLayout() {
    }

    /**
     * The Layout of up to four {@code views}, each read with its own offset and strides over {@code shape}.
     * Size-1 dimensions are dropped and neighbouring dimensions that are contiguous in every view are
     * merged first, so a contiguous view of any rank becomes rank 1 and only views that stay above
     * {@value #MAX_RANK} dimensions after merging are refused.
     */
    public static int[] of(String backend, String op, int[] shape, Strided... views) {
        int k = views.length;
        for (Strided view : views) {
            checkBounds(backend, op, view);
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
            throw new IllegalArgumentException(backend + " " + op + ": " + count + " elements exceed 2^31-1");
        }
        if (rank > MAX_RANK) {
            throw new IllegalArgumentException(backend + " " + op + ": shape " + Arrays.toString(shape) + " has " + rank
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

    /** Number of elements a packed Layout covers. */
    public static int count(int[] layout) {
        return layout[1];
    }

    /**
     * Throws unless every element of the view lies inside its buffer: a kernel writing outside would
     * corrupt other tensors (on a CPU device, the JVM's own memory) instead of failing.
     */
    public static void checkBounds(String backend, String op, Strided view) {
        int[] shape = view.shape();
        int[] strides = view.strides();
        long low = view.offset();
        long high = view.offset();
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 0) {
                return;
            }
            long reach = (long) (shape[d] - 1) * strides[d];
            low += Math.min(reach, 0);
            high += Math.max(reach, 0);
        }
        if (low < 0 || high >= view.buffer().length()) {
            throw new IndexOutOfBoundsException(backend + " " + op + ": view of shape " + Arrays.toString(shape)
                    + ", strides " + Arrays.toString(strides) + " at offset " + view.offset() + " reaches elements ["
                    + low + ", " + high + "] of a buffer of " + view.buffer().length());
        }
    }

    /** conv.cl's {@code Geometry} struct. */
    public static int[] geometry(Conv2dGeometry g) {
        return new int[] {g.n(), g.c(), g.h(), g.w(), g.kh(), g.kw(), g.strideH(), g.strideW(), g.padH(), g.padW(),
                g.dilationH(), g.dilationW(), g.oh(), g.ow()};
    }

    /**
     * The {@code lanes} argument of the row kernels (reduce.cl, rows.cl): work-items per row, about four
     * elements each, a power of two, at most the work-group (CUDA: block) size {@code group}.
     */
    public static int lanes(int length, int group) {
        return Math.min(group, Integer.highestOneBit(Math.max(1, length / 4)));
    }

    /**
     * Throws if a kernel noted an index outside {@code [0, size)} in the index-error record read back
     * from the device (gather, scatter_add, cross_entropy).
     */
    public static void checkIndexRecord(int[] record, String op, int size) {
        if (record[0] != 0) {
            long index = (record[1] & 0xFFFFFFFFL) | ((long) record[2] << 32);
            throw new IndexOutOfBoundsException(op + ": index " + index + " is out of bounds for size " + size);
        }
    }
}
