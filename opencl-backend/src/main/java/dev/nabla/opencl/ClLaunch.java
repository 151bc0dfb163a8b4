package dev.nabla.opencl;

import dev.nabla.tensor.DType;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;

/**
 * One kernel launch: sets arguments in order, then enqueues. Holds the device lock from creation
 * to {@link #run} because kernel objects (and their arguments) are shared.
 *
 * <pre>{@code
 * launch("elementwise.cl", FLOAT32, null, "fill", "fill").mem(out).ints(layout).real(FLOAT32, 0).grid(n);
 * }</pre>
 */
final class ClLaunch {
    private final ClDevice device;
    private final ClPrograms programs;
    private final cl_kernel kernel;
    private final String op;
    private int index;

    ClLaunch(ClDevice device, ClPrograms programs, cl_kernel kernel, String op) {
        this.device = device;
        this.programs = programs;
        this.kernel = kernel;
        this.op = op;
        device.lock.lock();
    }

    /** A device buffer argument. */
    ClLaunch mem(ClBuffer buffer) {
        return set(Sizeof.cl_mem, Pointer.to(buffer.mem));
    }

    /** One {@code int} argument per value, or one struct of ints (a Layout) when {@code values.length > 1}. */
    ClLaunch ints(int... values) {
        return set((long) Sizeof.cl_int * values.length, Pointer.to(values));
    }

    /** A 64-bit integer argument. */
    ClLaunch i64(long value) {
        return set(Sizeof.cl_long, Pointer.to(new long[] {value}));
    }

    /** A scalar of the element type {@code dtype} (the kernels' T, or T_REAL for float types). */
    ClLaunch real(DType dtype, double value) {
        return switch (dtype) {
            case FLOAT32 -> set(Sizeof.cl_float, Pointer.to(new float[] {(float) value}));
            case FLOAT64 -> set(Sizeof.cl_double, Pointer.to(new double[] {value}));
            case INT32 -> set(Sizeof.cl_int, Pointer.to(new int[] {(int) value}));
            case INT64 -> set(Sizeof.cl_long, Pointer.to(new long[] {(long) value}));
        };
    }

    /** 1-D launch for a grid-stride kernel over {@code count} items: as many groups as useful, capped. */
    void grid(long count) {
        int local = Math.min(128, programs.maxLocal(kernel));
        long groups = Math.min((count + local - 1) / local, 4096);
        run(new long[] {Math.max(groups, 1) * local}, new long[] {local}, count == 0);
    }

    /** 1-D launch of {@code groups} work-groups of {@code local} work-items. */
    void groups(long groups, int local) {
        run(new long[] {groups * local}, new long[] {local}, groups == 0);
    }

    /** The largest power-of-two work-group size (at most 256) this kernel can run with. */
    int localPow2() {
        return Integer.highestOneBit(Math.min(256, programs.maxLocal(kernel)));
    }

    /** Launch with explicit global and local sizes (2-D or 3-D). */
    void run(long[] global, long[] local, boolean empty) {
        try {
            if (!empty) {
                ClErrors.check(CL.clEnqueueNDRangeKernel(device.queue(), kernel, global.length, null, global, local, 0,
                        null, null), "clEnqueueNDRangeKernel", op);
            }
        } finally {
            device.lock.unlock();
        }
    }

    private ClLaunch set(long size, Pointer value) {
        int status = CL.clSetKernelArg(kernel, index, size, value);
        if (status != CL.CL_SUCCESS) {
            device.lock.unlock();
            throw new ClException("clSetKernelArg", status, op, "argument " + index);
        }
        index++;
        return this;
    }
}
