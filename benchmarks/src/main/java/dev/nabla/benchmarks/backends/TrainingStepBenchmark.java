package dev.nabla.benchmarks.backends;

import dev.nabla.autodiff.GradMode;
import dev.nabla.backend.Backend;
import dev.nabla.backend.reference.ReferenceBackend;
import dev.nabla.nn.Functional;
import dev.nabla.optim.Updates;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.MemoryScope;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.TensorFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One LeNet-5 training step on a batch of 64 28x28 images, float32: forward (conv 5x5 pad 2, max
 * pool, conv 5x5, max pool, three linear layers, ReLU), cross-entropy, backward, SGD on every
 * parameter, timed until the loss is on the host.
 */
@State(Scope.Benchmark)
public class TrainingStepBenchmark extends BackendBenchmark {
    private static final int[][] SHAPES = {{6, 1, 5, 5}, {6}, {16, 6, 5, 5}, {16}, {120, 400}, {120}, {84, 120}, {84},
            {10, 84}, {10}};

    private Tensor[] params;
    private Tensor x;
    private Tensor labels;

    @Setup
    public void setUp() {
        Backend b = Parity.backend(backend);
        x = Tensor.on(b).randn(new Generator(1), 64, 1, 28, 28);
        long[] y = new long[64];
        for (int i = 0; i < y.length; i++) {
            y[i] = (i * 7) % 10;
        }
        labels = Tensor.on(b).of(y, 64);
        params = init(Tensor.on(b));
        // Parity: the first step's loss and the updated last bias against the reference backend.
        Backend ref = new ReferenceBackend();
        Tensor[] refParams = init(Tensor.on(ref));
        double expected = step(refParams, x.to(ref), labels.to(ref));
        double actual = step(params, x, labels);
        Parity.assertClose("lenet step loss on " + backend, new double[] {expected}, new double[] {actual}, 1e-4);
        Parity.assertClose("lenet step fc3 bias on " + backend, refParams[9].toDoubleArray(), params[9].toDoubleArray(),
                1e-4);
    }

    private static Tensor[] init(TensorFactory f) {
        Generator gen = new Generator(7);
        Tensor[] p = new Tensor[SHAPES.length];
        for (int i = 0; i < p.length; i++) {
            int[] s = SHAPES[i];
            double fanIn = 1;
            for (int d = 1; d < s.length; d++) {
                fanIn *= s[d];
            }
            p[i] = f.randn(gen, s).mul(s.length == 1 ? 0.0 : 1 / Math.sqrt(fanIn)).detach().requiresGrad(true);
        }
        return p;
    }

    private static double step(Tensor[] p, Tensor x, Tensor labels) {
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor h = Functional.maxPool2d(Functional.conv2d(x, p[0], p[1], 1, 2).relu(), 2);
            h = Functional.maxPool2d(Functional.conv2d(h, p[2], p[3], 1, 0).relu(), 2).flatten(1, 3);
            h = h.matmul(p[4].t()).add(p[5]).relu();
            h = h.matmul(p[6].t()).add(p[7]).relu();
            Tensor loss = Functional.crossEntropy(h.matmul(p[8].t()).add(p[9]), labels);
            loss.backward();
            try (GradMode.Scope off = GradMode.noGrad()) {
                for (Tensor t : p) {
                    Updates.sgd(t, t.grad(), null, 0.01, 0, 0, 0, false, false);
                    t.setGrad(null);
                }
            }
            return loss.item();
        }
    }

    @Benchmark
    public double run() {
        return step(params, x, labels);
    }
}
