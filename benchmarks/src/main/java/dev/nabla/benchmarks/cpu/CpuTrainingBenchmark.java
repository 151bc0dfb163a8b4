package dev.nabla.benchmarks.cpu;

import dev.nabla.backend.reference.ReferenceBackend;
import dev.nabla.cpu.CpuBackend;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.MemoryScope;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.TensorFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step (forward, backward, SGD momentum) of batch 64 on Fashion-MNIST-shaped data
 * already in memory (16 batches cycled); images/s = 64 / time. Ten warm-up seconds: a LeNet-5 step
 * still got faster through the sixth to eighth second (20, 9, 6.5, 6.2, 5.6 ms, then 4.8-5.0 ms)
 * while C2 compiled its many kernels, and a training job runs for minutes in that steady state.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 10, time = 1)
public class CpuTrainingBenchmark extends CpuBenchmarkSettings {
    @Param({"mlp", "lenet"})
    public String model;

    @Param({"2"})
    public int threads;

    private CpuModels net;
    private Tensor[] images;
    private Tensor[] labels;
    private int next;

    @Setup
    public void setUp() {
        TensorFactory f = Tensor.on(new CpuBackend(threads));
        images = new Tensor[16];
        labels = new Tensor[16];
        Generator gen = new Generator(7);
        for (int i = 0; i < images.length; i++) {
            images[i] = f.rand(gen, 64, 1, 28, 28);
            long[] l = new long[64];
            for (int j = 0; j < 64; j++) {
                l[j] = (i * 64 + j) % 10;
            }
            labels[i] = f.of(l, 64);
        }
        check(f);
        net = new CpuModels(f, model.equals("lenet"));
    }

    /** Two steps on the CPU backend and on the reference backend: losses and a weight gradient agree. */
    private void check(TensorFactory f) {
        ReferenceBackend ref = new ReferenceBackend();
        CpuModels cpu = new CpuModels(f, model.equals("lenet"));
        CpuModels oracle = new CpuModels(Tensor.on(ref), model.equals("lenet"));
        for (int s = 0; s < 2; s++) {
            try (MemoryScope scope = MemoryScope.open()) {
                float expected = oracle.step(images[s].to(ref), labels[s].to(ref)).toFloatArray()[0];
                float actual = cpu.step(images[s], labels[s]).toFloatArray()[0];
                Oracle.assertClose(model + " loss step " + s, new float[] {expected}, new float[] {actual}, 1e-4);
                Oracle.assertClose(model + " grad step " + s, oracle.firstWeightGradient(), cpu.firstWeightGradient(), 1e-3);
            }
        }
    }

    @Benchmark
    public void step() {
        try (MemoryScope scope = MemoryScope.open()) {
            int i = next++ & 15;
            net.step(images[i], labels[i]);
        }
    }
}
