package dev.nabla.benchmarks.backends;

import dev.nabla.autodiff.GradMode;
import dev.nabla.backend.Backend;
import dev.nabla.backend.reference.ReferenceBackend;
import dev.nabla.nn.Functional;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.MemoryScope;
import dev.nabla.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * conv2d forward (with bias) through {@code Functional.conv2d}, float32. Layers:
 * {@code lenet1} x (64,1,28,28) * w (6,1,5,5), padding 2; {@code lenet2} x (64,6,14,14) * w (16,6,5,5);
 * {@code 3x3} x (32,64,32,32) * w (64,64,3,3), padding 1. GFLOP/s = 2*N*OC*OH*OW*C*KH*KW / time.
 * On OpenCL and CUDA: im2col kernel + one batched GEMM (CUDA: cuBLAS strided-batched) + bias kernel.
 */
@State(Scope.Benchmark)
public class ConvBenchmark extends BackendBenchmark {
    @Param({"lenet1", "lenet2", "3x3"})
    public String layer;

    private Tensor x;
    private Tensor w;
    private Tensor bias;
    private int padding;

    @Setup
    public void setUp() {
        int[][] shapes = switch (layer) {
            case "lenet1" -> new int[][] {{64, 1, 28, 28}, {6, 1, 5, 5}, {2}};
            case "lenet2" -> new int[][] {{64, 6, 14, 14}, {16, 6, 5, 5}, {0}};
            case "3x3" -> new int[][] {{32, 64, 32, 32}, {64, 64, 3, 3}, {1}};
            default -> throw new IllegalArgumentException(layer);
        };
        padding = shapes[2][0];
        Backend b = Parity.backend(backend);
        Generator gen = new Generator(3);
        x = Tensor.on(b).randn(gen, shapes[0]);
        w = Tensor.on(b).randn(gen, shapes[1]).mul(0.1);
        bias = Tensor.on(b).randn(gen, shapes[1][0]);
        Backend ref = new ReferenceBackend();
        try (GradMode.Scope off = GradMode.noGrad(); MemoryScope scope = MemoryScope.open()) {
            // the reference in float64 on the first two images (the reference is slow)
            Tensor rx = x.narrow(0, 0, 2).to(ref).cast(DType.FLOAT64);
            double[] expected = Functional.conv2d(rx, w.to(ref).cast(DType.FLOAT64), bias.to(ref).cast(DType.FLOAT64),
                    1, padding).toDoubleArray();
            double[] actual = Functional.conv2d(x, w, bias, 1, padding).narrow(0, 0, 2).toDoubleArray();
            Parity.assertClose("conv2d " + layer + " on " + backend, expected, actual, 1e-4);
        }
    }

    @Benchmark
    public double run() {
        try (GradMode.Scope off = GradMode.noGrad(); MemoryScope scope = MemoryScope.open()) {
            Tensor out = Functional.conv2d(x, w, bias, 1, padding);
            Parity.sync(out);
            return out.size(1);
        }
    }
}
