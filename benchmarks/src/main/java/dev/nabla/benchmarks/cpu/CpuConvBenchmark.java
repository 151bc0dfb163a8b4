package dev.nabla.benchmarks.cpu;

import dev.nabla.backend.Backend;
import dev.nabla.backend.reference.ReferenceBackend;
import dev.nabla.cpu.CpuBackend;
import dev.nabla.nn.Functional;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.MemoryScope;
import dev.nabla.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * conv2d through the tensor API (fused kernels + autograd), forward alone and forward + backward
 * (input gradient except for the first layer, weight and bias gradients), on the layers of the
 * issue: LeNet-5's {@code lenet1} 1->6 5x5 pad 2 on 28x28 and {@code lenet2} 6->16 5x5 on 14x14
 * (batch 64), and {@code conv3x3} 64->64 3x3 pad 1 on 32x32 (batch 32).
 * Ten warm-up seconds, as for the training steps: with three, lenet2's fwd+bwd fell through the
 * whole measurement of one comparison run (2.55, 2.66, 2.49, 2.08, 1.63 ms; 1.50-1.58 steady in
 * others), whether from C2 still compiling or from a neighbour's load ending.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 10, time = 1)
public class CpuConvBenchmark extends CpuBenchmarkSettings {
    @Param({"lenet1", "lenet2", "conv3x3"})
    public String layer;

    @Param({"2"})
    public int threads;

    private Tensor x;
    private Tensor w;
    private Tensor b;
    private Tensor upstream;
    private int padding;

    @Setup
    public void setUp() {
        Backend backend = new CpuBackend(threads);
        int[] xs;
        int[] ws;
        switch (layer) {
            case "lenet1" -> {
                xs = new int[] {64, 1, 28, 28};
                ws = new int[] {6, 1, 5, 5};
                padding = 2;
            }
            case "lenet2" -> {
                xs = new int[] {64, 6, 14, 14};
                ws = new int[] {16, 6, 5, 5};
                padding = 0;
            }
            default -> {
                xs = new int[] {32, 64, 32, 32};
                ws = new int[] {64, 64, 3, 3};
                padding = 1;
            }
        }
        Generator gen = new Generator(3);
        x = Tensor.on(backend).randn(gen, xs).requiresGrad(!layer.equals("lenet1"));
        w = Tensor.on(backend).randn(gen, ws).mul(0.1).detach().requiresGrad(true);
        b = Tensor.on(backend).randn(gen, ws[0]).detach().requiresGrad(true);
        try (MemoryScope scope = MemoryScope.open()) {
            upstream = scope.keep(Functional.conv2d(x, w, b, 1, padding).detach().mul(0).add(1));
        }
        check();
    }

    /** Output and weight gradient against the reference backend on the first two images. */
    private void check() {
        ReferenceBackend ref = new ReferenceBackend();
        Tensor x2 = x.narrow(0, 0, 2).contiguous().detach();
        Tensor rx = x2.to(ref);
        Tensor rw = w.detach().to(ref).requiresGrad(true);
        Tensor rb = b.detach().to(ref);
        Tensor cw = w.detach().requiresGrad(true);
        Tensor expected = Functional.conv2d(rx, rw, rb, 1, padding);
        Tensor actual = Functional.conv2d(x2, cw, b.detach(), 1, padding);
        Oracle.assertClose("conv2d " + layer, expected.toFloatArray(), actual.toFloatArray(), 1e-4);
        expected.sum().backward();
        actual.sum().backward();
        Oracle.assertClose("conv2d " + layer + " dw", rw.grad().toFloatArray(), cw.grad().toFloatArray(), 1e-3);
    }

    @Benchmark
    public void forward() {
        try (MemoryScope scope = MemoryScope.open()) {
            Functional.conv2d(x.detach(), w.detach(), b.detach(), 1, padding);
        }
    }

    @Benchmark
    public void forwardBackward() {
        try (MemoryScope scope = MemoryScope.open()) {
            x.setGrad(null);
            w.setGrad(null);
            b.setGrad(null);
            Functional.conv2d(x, w, b, 1, padding).backward(upstream, false);
        }
    }
}
