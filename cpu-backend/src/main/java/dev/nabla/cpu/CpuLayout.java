package dev.nabla.cpu;

import dev.nabla.backend.Strided;

/**
 * The shared iteration space of several strided views of one shape. Size-1 dimensions are dropped
 * and neighbouring dimensions merged wherever every view allows it, so contiguous and broadcast
 * operands become one long row; kernels then work row by row on the innermost dimension.
 */
final class CpuLayout {
    /** Work on one row: element {@code j < length} of view {@code v} is at {@code base[v] + j * inner(v)}. */
    interface Row {
        void run(int[] base, int length);
    }

    /** Below this many elements a call runs on one thread: waking a worker costs more. */
    static final long PARALLEL_MIN = 1 << 16;

    private final int[] shape;
    private final int[][] strides;
    private final int[] offsets;
    private final long numel;

    CpuLayout(int[] shape, Strided... views) {
        int rank = shape.length;
        int[] s = new int[Math.max(rank, 1)];
        int[][] st = new int[views.length][Math.max(rank, 1)];
        int kept = 0;
        long count = 1;
        for (int d = rank - 1; d >= 0; d--) {
            count *= shape[d];
            if (shape[d] == 1) {
                continue;
            }
            if (kept > 0 && mergeable(views, d, st, kept - 1, s[kept - 1])) {
                s[kept - 1] *= shape[d];
                continue;
            }
            s[kept] = shape[d];
            for (int v = 0; v < views.length; v++) {
                st[v][kept] = views[v].strides()[d];
            }
            kept++;
        }
        if (kept == 0) {
            s[0] = 1;
            kept = 1;
        }
        // collected innermost first; store outermost first
        this.shape = new int[kept];
        this.strides = new int[views.length][kept];
        for (int k = 0; k < kept; k++) {
            this.shape[k] = s[kept - 1 - k];
            for (int v = 0; v < views.length; v++) {
                this.strides[v][k] = st[v][kept - 1 - k];
            }
        }
        this.offsets = new int[views.length];
        for (int v = 0; v < views.length; v++) {
            offsets[v] = views[v].offset();
        }
        this.numel = count;
    }

    private static boolean mergeable(Strided[] views, int d, int[][] st, int inner, int innerSize) {
        for (int v = 0; v < views.length; v++) {
            if (views[v].strides()[d] != (long) st[v][inner] * innerSize) {
                return false;
            }
        }
        return true;
    }

    /** Rank after merging (at least 1). */
    int rank() {
        return shape.length;
    }

    /** Size of merged dimension {@code d}. */
    int size(int d) {
        return shape[d];
    }

    /** Stride of view {@code v} along merged dimension {@code d}. */
    int stride(int v, int d) {
        return strides[v][d];
    }

    /** Element offset of view {@code v}. */
    int offset(int v) {
        return offsets[v];
    }

    long numel() {
        return numel;
    }

    /** Stride of view {@code v} along rows. */
    int inner(int v) {
        return strides[v][shape.length - 1];
    }

    /** Length of a full row. */
    int rowLength() {
        return shape[shape.length - 1];
    }

    /** Visits elements {@code [from, to)} (row-major order) row by row. */
    void forRows(long from, long to, Row row) {
        if (from >= to) {
            return;
        }
        int rank = shape.length;
        int views = offsets.length;
        int[] base = new int[views];
        int[] index = new int[rank];
        int width = rowLength();
        long r = from / width;
        int col = (int) (from % width);
        for (int d = rank - 2; d >= 0; d--) {
            index[d] = (int) (r % shape[d]);
            r /= shape[d];
        }
        long pos = from;
        while (pos < to) {
            int length = (int) Math.min(width - col, to - pos);
            for (int v = 0; v < views; v++) {
                int o = offsets[v] + col * strides[v][rank - 1];
                for (int d = 0; d < rank - 1; d++) {
                    o += index[d] * strides[v][d];
                }
                base[v] = o;
            }
            row.run(base, length);
            pos += length;
            col = 0;
            for (int d = rank - 2; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
    }

    /** Visits every element, split into equal element ranges over the pool when large enough. */
    void forRows(CpuThreads pool, Row row) {
        forRows(pool, 1, row);
    }

    /** As {@link #forRows(CpuThreads, Row)} where each element costs about {@code cost} element operations. */
    void forRows(CpuThreads pool, long cost, Row row) {
        long work = numel * Math.max(cost, 1);
        int parts = work >= PARALLEL_MIN ? (int) Math.min(Math.min(pool.size(), work / (PARALLEL_MIN / 2)), numel) : 1;
        if (parts <= 1) {
            forRows(0, numel, row);
            return;
        }
        pool.run(parts, p -> forRows(numel * p / parts, numel * (p + 1) / parts, row));
    }
}
