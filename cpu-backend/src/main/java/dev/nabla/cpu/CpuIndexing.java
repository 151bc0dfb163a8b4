package dev.nabla.cpu;

import dev.nabla.backend.Distribution;
import dev.nabla.backend.Philox;
import dev.nabla.backend.Strided;

/** Gather, scatter-add and Philox random numbers: scalar, index-driven, not on the training hot path. */
final class CpuIndexing {
    private CpuIndexing() {
    }

    // out[..., j, ...] = x[..., index[..., j, ...], ...] along axis; index has out's shape
    static void gather(Strided x, int axis, Strided index, Strided out) {
        CpuBuffer in = (CpuBuffer) x.buffer();
        CpuBuffer idx = (CpuBuffer) index.buffer();
        CpuBuffer o = (CpuBuffer) out.buffer();
        int[] position = new int[out.rank()];
        boolean exact = !o.dtype().isFloating();
        for (long e = out.numel(); e > 0; e--) {
            long k = idx.getLong(index.offsetOf(position));
            int source = x.offsetOf(position) + (checkIndex(k, x.shape()[axis], "gather") - position[axis])
                    * x.strides()[axis];
            int target = out.offsetOf(position);
            if (exact) {
                o.setLong(target, in.getLong(source));
            } else {
                o.set(target, in.get(source));
            }
            Strided.nextIndex(position, out.shape());
        }
    }

    // out[..., index[..., j, ...], ...] += src[..., j, ...] along axis; index has src's shape
    static void scatterAdd(Strided src, int axis, Strided index, Strided out) {
        CpuBuffer s = (CpuBuffer) src.buffer();
        CpuBuffer idx = (CpuBuffer) index.buffer();
        CpuBuffer o = (CpuBuffer) out.buffer();
        int[] position = new int[src.rank()];
        boolean exact = !o.dtype().isFloating();
        for (long e = src.numel(); e > 0; e--) {
            long k = idx.getLong(index.offsetOf(position));
            int target = out.offsetOf(position) + (checkIndex(k, out.shape()[axis], "scatter_add") - position[axis])
                    * out.strides()[axis];
            int source = src.offsetOf(position);
            if (exact) {
                o.setLong(target, o.getLong(target) + s.getLong(source));
            } else {
                o.set(target, o.get(target) + s.get(source));
            }
            Strided.nextIndex(position, src.shape());
        }
    }

    /** Philox4x32-10 samples into the contiguous {@code out}; the stream of {@link Philox}, split over threads by block. */
    static void random(CpuThreads pool, Distribution distribution, long seed, long counter, Strided out) {
        CpuBuffer o = (CpuBuffer) out.buffer();
        int count = (int) out.numel();
        int perBlock = distribution == Distribution.UNIFORM ? 4 : 2;
        int blocks = (count + perBlock - 1) / perBlock;
        int parts = count >= CpuLayout.PARALLEL_MIN / 8 ? pool.size() : 1;
        pool.run(parts, p -> {
            int end = CpuThreads.split(blocks, parts, p + 1, 1);
            for (int b = CpuThreads.split(blocks, parts, p, 1); b < end; b++) {
                int[] words = Philox.block(seed, counter + b);
                for (int w = 0; w < perBlock; w++) {
                    int i = b * perBlock + w;
                    if (i >= count) {
                        break;
                    }
                    double v = perBlock == 4 ? Philox.uniform(words[w]) : Philox.normal(words, (w & 1) == 1);
                    o.set(out.offset() + i, v);
                }
            }
        });
    }

    private static int checkIndex(long k, int size, String op) {
        if (k < 0 || k >= size) {
            throw new IndexOutOfBoundsException(op + ": index " + k + " is out of bounds for size " + size);
        }
        return (int) k;
    }
}
