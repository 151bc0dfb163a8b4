package dev.nabla.cuda;

import static jcuda.driver.JCudaDriver.cuLaunchKernel;

import dev.nabla.tensor.DType;
import java.util.ArrayList;
import java.util.List;
import jcuda.Pointer;
import jcuda.driver.CUfunction;

/**
 * One kernel launch: collects the arguments in the kernel's order, then launches on the device's
 * stream. A struct argument (Layout, Geometry) is passed as its ints, which is its layout in memory.
 * The static methods compute launch geometry and need no device.
 *
 * <pre>{@code
 * launch("elementwise", FLOAT32, null, "fill").mem(out).ints(layout).real(FLOAT32, 0).grid(n);
 * }</pre>
 */
final class CudaLaunch {
    /** Threads per block of the grid-stride kernels. */
    static final int BLOCK = 256;
    /** Resident blocks per multiprocessor the grid-stride launches aim for (more only queue). */
    static final int BLOCKS_PER_SM = 8;
    /** Largest block the row/tree-reduction kernels take (their shared arrays hold 256). */
    static final int MAX_TREE = 256;

    private final CudaDevice device;
    private final CudaModules modules;
    private final CUfunction function;
    private final String op;
    private final List<Pointer> args = new ArrayList<>();

    CudaLaunch(CudaDevice device, CudaModules modules, CUfunction function, String op) {
        this.device = device;
        this.modules = modules;
        this.function = function;
        this.op = op;
    }

    /** A device buffer argument (the kernels take element offsets separately). */
    CudaLaunch mem(CudaBuffer buffer) {
        args.add(Pointer.to(buffer.ptr));
        return this;
    }

    /** One {@code int} argument, or one struct of ints (a Layout or Geometry) when given several. */
    CudaLaunch ints(int... values) {
        args.add(Pointer.to(values.clone()));
        return this;
    }

    /** A 64-bit integer argument. */
    CudaLaunch i64(long value) {
        args.add(Pointer.to(new long[] {value}));
        return this;
    }

    /** A scalar of the kernel's T (or T_REAL for float types). */
    CudaLaunch real(DType dtype, double value) {
        args.add(switch (dtype) {
            case FLOAT32 -> Pointer.to(new float[] {(float) value});
            case FLOAT64 -> Pointer.to(new double[] {value});
            case INT32 -> Pointer.to(new int[] {(int) value});
            case INT64 -> Pointer.to(new long[] {(long) value});
        });
        return this;
    }

    /** 1-D launch of a grid-stride kernel over {@code count} items. */
    void grid(long count) {
        int block = Math.min(BLOCK, modules.maxThreads(function));
        run(blocks(count, block, device.multiprocessors), block, count == 0);
    }

    /** 1-D launch of {@code blocks} blocks of {@code threads}. */
    void groups(long blocks, int threads) {
        run(blocks, threads, blocks == 0);
    }

    /** The largest power-of-two block (at most {@value #MAX_TREE}) this kernel can run with. */
    int treeBlock() {
        return Integer.highestOneBit(Math.min(MAX_TREE, modules.maxThreads(function)));
    }

    /** Blocks of {@code block} threads for a grid-stride loop over {@code count}: enough to fill the GPU, no more. */
    static long blocks(long count, int block, int multiprocessors) {
        long needed = (count + block - 1) / block;
        return Math.max(1, Math.min(needed, (long) Math.max(1, multiprocessors) * BLOCKS_PER_SM));
    }

    /** Blocks for {@code rows} rows of {@code lanes} threads each in blocks of {@code block}, capped. */
    static long rowBlocks(long rows, int lanes, int block, int multiprocessors) {
        return Math.max(1, Math.min((rows * lanes + block - 1) / block, (long) Math.max(1, multiprocessors) * BLOCKS_PER_SM));
    }

    private void run(long blocks, int threads, boolean empty) {
        if (empty) {
            return;
        }
        if (blocks > Integer.MAX_VALUE || threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("cuda " + op + ": cannot launch " + blocks + " blocks of " + threads + " threads");
        }
        Pointer params = Pointer.to(args.toArray(new Pointer[0]));
        device.enter();
        CudaErrors.driver("cuLaunchKernel", op, blocks + " x " + threads + " threads", () ->
                cuLaunchKernel(function, (int) blocks, 1, 1, threads, 1, 1, 0, device.stream, params, null));
    }
}
