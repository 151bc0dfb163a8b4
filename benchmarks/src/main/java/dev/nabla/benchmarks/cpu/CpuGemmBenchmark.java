package dev.nabla.benchmarks.cpu;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Buffer;
import dev.nabla.backend.MatrixBatch;
import dev.nabla.backend.reference.ReferenceBackend;
import dev.nabla.cpu.CpuBackend;
import dev.nabla.tensor.DType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * SGEMM on the CPU backend. {@code shape} is {@code N} (square, no transposes) or {@code MxNxK:TT}
 * with T/N flags for op(A), op(B), e.g. the MLP's first layer {@code 64x256x784:NT}
 * ({@code x (64,784) * w(256,784)^T}). GFLOP/s = 2*M*N*K / time.
 */
@State(Scope.Benchmark)
public class CpuGemmBenchmark extends CpuBenchmarkSettings {
    @Param({"128", "256", "512", "1024", "2048", "64x256x784:NT", "64x784x256:NN", "256x784x64:TN", "64x128x256:NT"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private Backend backend;
    private int m;
    private int n;
    private int k;
    private boolean transA;
    private boolean transB;
    private MatrixBatch a;
    private MatrixBatch b;
    private MatrixBatch c;

    @Setup
    public void setUp() {
        String[] parts = shape.split(":");
        String[] dims = parts[0].split("x");
        m = Integer.parseInt(dims[0]);
        n = dims.length > 1 ? Integer.parseInt(dims[1]) : m;
        k = dims.length > 1 ? Integer.parseInt(dims[2]) : m;
        transA = parts.length > 1 && parts[1].charAt(0) == 'T';
        transB = parts.length > 1 && parts[1].charAt(1) == 'T';
        backend = new CpuBackend(threads);
        float[] ha = Oracle.random(m * k, 1);
        float[] hb = Oracle.random(k * n, 2);
        a = upload(backend, ha, transA ? m : k);
        b = upload(backend, hb, transB ? k : n);
        c = new MatrixBatch(backend.allocate(DType.FLOAT32, (long) m * n), 0, n, 0);
        run();
        check(ha, hb);
    }

    /** Compares up to 64 rows of C with the reference backend's product of the same rows. */
    private void check(float[] ha, float[] hb) {
        ReferenceBackend ref = new ReferenceBackend();
        int rows = Math.min(m, 64);
        float[] actual = new float[rows * n];
        backend.read(c.buffer(), 0, actual, 0, actual.length);
        MatrixBatch ra = upload(ref, ha, transA ? m : k);
        MatrixBatch rb = upload(ref, hb, transB ? k : n);
        Buffer rc = ref.allocate(DType.FLOAT32, (long) rows * n);
        ref.gemm(1, transA, transB, rows, n, k, 1, ra, rb, 0, new MatrixBatch(rc, 0, n, 0));
        float[] expected = new float[rows * n];
        ref.read(rc, 0, expected, 0, expected.length);
        Oracle.assertClose("sgemm " + shape, expected, actual, 1e-4 * Math.sqrt(k));
    }

    private static MatrixBatch upload(Backend backend, float[] host, int ld) {
        Buffer buffer = backend.allocate(DType.FLOAT32, host.length);
        backend.write(buffer, 0, host, 0, host.length);
        return new MatrixBatch(buffer, 0, ld, 0);
    }

    @Benchmark
    public void run() {
        backend.gemm(1, transA, transB, m, n, k, 1, a, b, 0, c);
    }
}
