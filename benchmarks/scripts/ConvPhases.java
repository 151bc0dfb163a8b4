/*
 * Times the cpu backend's three convolution primitives apart (forward, backward-data,
 * backward-weight) on the JMH conv workloads (lenet1, lenet2, conv3x3 of CpuConvBenchmark), calling
 * the Backend directly with random float32 data. 12 rounds of each primitive, alternating, the last
 * three printed; a profile of one layer's fwd+bwd cannot say which primitive to work on. Results are
 * in benchmarks/RESULTS.md; JMH (CpuConvBenchmark) remains the figure of record.
 *
 * Run (JDK >= 21, single-file source launch, after building core and cpu-backend):
 *   source scripts/jdk.sh
 *   java --add-modules jdk.incubator.vector -cp core/target/classes:cpu-backend/target/classes:$(cat /tmp/cpu-bench-cp.txt) \
 *       benchmarks/scripts/ConvPhases.java conv3x3
 */
import dev.nabla.backend.Backend;
import dev.nabla.backend.Buffer;
import dev.nabla.backend.Conv2dGeometry;
import dev.nabla.backend.Strided;
import dev.nabla.cpu.CpuBackend;
import dev.nabla.tensor.DType;

public class ConvPhases {
    public static void main(String[] a) {
        CpuBackend b = new CpuBackend(2);
        String layer = a.length > 0 ? a[0] : "conv3x3";
        int[] xs;
        int[] ws;
        int pad;
        switch (layer) {
            case "lenet1" -> { xs = new int[] {64, 1, 28, 28}; ws = new int[] {6, 1, 5, 5}; pad = 2; }
            case "lenet2" -> { xs = new int[] {64, 6, 14, 14}; ws = new int[] {16, 6, 5, 5}; pad = 0; }
            default -> { xs = new int[] {32, 64, 32, 32}; ws = new int[] {64, 64, 3, 3}; pad = 1; }
        }
        Conv2dGeometry g = new Conv2dGeometry(xs[0], xs[1], xs[2], xs[3], ws[2], ws[3], 1, 1, pad, pad, 1, 1);
        int[] os = {xs[0], ws[0], g.oh(), g.ow()};
        Strided x = random(b, xs), w = random(b, ws), out = random(b, os), grad = random(b, os);
        Strided dx = random(b, xs), dw = random(b, ws), bias = random(b, new int[] {ws[0]});
        int iterations = layer.startsWith("lenet") ? 400 : 15;
        for (int round = 0; round < 12; round++) {
            StringBuilder line = new StringBuilder(layer);
            for (int phase = 0; phase < 3; phase++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < iterations; i++) {
                    switch (phase) {
                        case 0 -> b.conv2dForward(g, 1, x, w, bias, out);
                        case 1 -> b.conv2dBackwardData(g, 1, grad, w, dx);
                        default -> b.conv2dBackwardWeight(g, 1, x, grad, dw);
                    }
                }
                double ms = (System.nanoTime() - t0) / 1e6 / iterations;
                line.append(String.format("  %s %.3f ms", new String[] {"forward", "backward-data", "backward-weight"}[phase], ms));
            }
            if (round >= 9) {
                System.out.println(line);
            }
        }
        System.exit(0);
    }

    private static Strided random(Backend b, int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        Buffer buffer = b.allocate(DType.FLOAT32, n);
        float[] values = new float[n];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < n; i++) {
            values[i] = r.nextFloat() - 0.5f;
        }
        b.write(buffer, 0, values, 0, n);
        return Strided.contiguous(buffer, 0, shape);
    }
}
