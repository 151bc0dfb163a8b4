package dev.nabla.benchmarks.backends;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Buffer;
import dev.nabla.backend.MatrixBatch;
import dev.nabla.backend.reference.ReferenceBackend;
import dev.nabla.tensor.DType;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Square SGEMM {@code C = A * B} ({@code n x n}, float32) through {@code Backend.gemm}, timed to the
 * result's availability on the host (one element read back). GFLOP/s = 2 n^3 / time. On CUDA it is one
 * cublasSgemmStridedBatched call and the ceiling is cuBLAS's own rate for the same call (nsys or cuBLAS's
 * sample), so the gap is Nabla's per-call overhead; GPU sizes: {@code -p n=1024,2048,4096,8192}.
 */
@State(Scope.Benchmark)
public class GemmBenchmark extends BackendBenchmark {
    @Param({"256", "512", "1024", "2048"})
    public int n;

    private Backend b;
    private MatrixBatch a;
    private MatrixBatch bm;
    private MatrixBatch c;
    private final float[] probe = new float[1];

    @Setup
    public void setUp() {
        b = Parity.backend(backend);
        float[] ha = random(n * n, 1);
        float[] hb = random(n * n, 2);
        a = upload(b, ha);
        bm = upload(b, hb);
        c = new MatrixBatch(b.allocate(DType.FLOAT32, (long) n * n), 0, n, 0);
        run();
        check(ha, hb);
    }

    /** The first 16 rows of C against the reference backend's product of the same rows. */
    private void check(float[] ha, float[] hb) {
        int rows = Math.min(n, 16);
        Backend ref = new ReferenceBackend();
        Buffer rc = ref.allocate(DType.FLOAT32, (long) rows * n);
        ref.gemm(1, false, false, rows, n, n, 1, upload(ref, ha), upload(ref, hb), 0, new MatrixBatch(rc, 0, n, 0));
        float[] expected = new float[rows * n];
        float[] actual = new float[rows * n];
        ref.read(rc, 0, expected, 0, expected.length);
        b.read(c.buffer(), 0, actual, 0, actual.length);
        Parity.assertClose("sgemm " + n + " on " + backend, toDouble(expected), toDouble(actual), 1e-4 * Math.sqrt(n));
    }

    @Benchmark
    public float run() {
        b.gemm(1, false, false, n, n, n, 1, a, bm, 0, c);
        b.read(c.buffer(), 0, probe, 0, 1);
        return probe[0];
    }

    @TearDown
    public void tearDown() {
        b.release(a.buffer());
        b.release(bm.buffer());
        b.release(c.buffer());
    }

    private static MatrixBatch upload(Backend backend, float[] host) {
        Buffer buffer = backend.allocate(DType.FLOAT32, host.length);
        backend.write(buffer, 0, host, 0, host.length);
        return new MatrixBatch(buffer, 0, (int) Math.round(Math.sqrt(host.length)), 0);
    }

    private static float[] random(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
