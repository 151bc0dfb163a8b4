/*
 * Measures host <-> device transfer speed on the first OpenCL device two ways: a blocking
 * clEnqueueWrite/ReadBuffer from a Java array (what ClBackend does; JOCL hands the pinned array to
 * the driver) and a CL_MEM_ALLOC_HOST_PTR buffer mapped, filled through a FloatBuffer and unmapped.
 * 64 MB, 7 repetitions, the first being warm-up. Results are in benchmarks/RESULTS.md.
 *
 * Run (JDK >= 21, single-file source launch):
 *   source scripts/jdk.sh
 *   java -Xmx2g -cp ~/.m2/repository/org/jocl/jocl/2.0.6/jocl-2.0.6.jar benchmarks/scripts/ClMapTransfer.java
 */
import static org.jocl.CL.*;
import org.jocl.*;
import java.nio.*;

public class ClMapTransfer {
    public static void main(String[] a) {
        CL.setExceptionsEnabled(true);
        cl_platform_id[] ps = new cl_platform_id[1]; clGetPlatformIDs(1, ps, null);
        cl_device_id[] ds = new cl_device_id[1]; clGetDeviceIDs(ps[0], CL_DEVICE_TYPE_ALL, 1, ds, null);
        cl_context ctx = clCreateContext(null, 1, ds, null, null, null);
        cl_command_queue q = clCreateCommandQueueWithProperties(ctx, ds[0], new cl_queue_properties(), null);
        int n = 16 << 20; // 64 MB of floats
        float[] host = new float[n];
        for (int i = 0; i < n; i++) host[i] = i;
        cl_mem plain = clCreateBuffer(ctx, CL_MEM_READ_WRITE, 4L * n, null, null);
        cl_mem pinned = clCreateBuffer(ctx, CL_MEM_READ_WRITE | CL_MEM_ALLOC_HOST_PTR, 4L * n, null, null);
        for (int rep = 0; rep < 7; rep++) {
            long t0 = System.nanoTime();
            clEnqueueWriteBuffer(q, plain, true, 0, 4L * n, Pointer.to(host), 0, null, null);
            long t1 = System.nanoTime();
            ByteBuffer bb = clEnqueueMapBuffer(q, pinned, true, CL_MAP_WRITE_INVALIDATE_REGION, 0, 4L * n, 0, null, null, null);
            bb.order(ByteOrder.nativeOrder()).asFloatBuffer().put(host);
            clEnqueueUnmapMemObject(q, pinned, bb, 0, null, null); clFinish(q);
            long t2 = System.nanoTime();
            clEnqueueReadBuffer(q, plain, true, 0, 4L * n, Pointer.to(host), 0, null, null);
            long t3 = System.nanoTime();
            ByteBuffer rb = clEnqueueMapBuffer(q, pinned, true, CL_MAP_READ, 0, 4L * n, 0, null, null, null);
            rb.order(ByteOrder.nativeOrder()).asFloatBuffer().get(host);
            clEnqueueUnmapMemObject(q, pinned, rb, 0, null, null); clFinish(q);
            long t4 = System.nanoTime();
            System.out.printf("write: array %.2f GB/s, mapped %.2f GB/s | read: array %.2f GB/s, mapped %.2f GB/s%n",
                    4.0 * n / (t1 - t0), 4.0 * n / (t2 - t1), 4.0 * n / (t3 - t2), 4.0 * n / (t4 - t3));
        }
        if (host[12345] != 12345f) throw new AssertionError("round trip");
    }
}
