package dev.nabla.cli.examples;

import dev.nabla.autodiff.GradMode;
import dev.nabla.backend.Backends;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.MemoryScope;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.TensorFactory;
import java.io.PrintStream;

/**
 * XOR with a 2-4-1 multilayer perceptron (tanh hidden layer, sigmoid output, MSE loss) trained by
 * full-batch gradient descent written out by hand: the smallest network that a single perceptron
 * cannot replace.
 */
public final class XorExample {
    private XorExample() {
    }

    /** Trains on the default backend, prints progress and predictions; true when all four cases are right. */
    public static boolean run(long seed, PrintStream out) {
        TensorFactory f = Tensor.on(Backends.current());
        out.println("xor: 2-4-1 MLP, tanh + sigmoid, MSE, gradient descent lr 2.0, backend " + f.backend().name()
                + ", seed " + seed);
        Tensor x = f.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
        Tensor y = f.of(new float[] {0, 1, 1, 0}, 4, 1);
        Generator gen = new Generator(seed);
        // Xavier-uniform: U(-a, a), a = sqrt(6 / (fan_in + fan_out)).
        Tensor w1 = f.uniform(gen, -1.0, 1.0, 2, 4).requiresGrad(true);
        Tensor b1 = f.zeros(4).requiresGrad(true);
        Tensor w2 = f.uniform(gen, -Math.sqrt(1.2), Math.sqrt(1.2), 4, 1).requiresGrad(true);
        Tensor b2 = f.zeros(1).requiresGrad(true);
        Tensor[] params = {w1, b1, w2, b2};
        for (int step = 1; step <= 2000; step++) {
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor prediction = x.matmul(w1).add(b1).tanh().matmul(w2).add(b2).sigmoid();
                Tensor loss = prediction.sub(y).pow(2).mean();
                for (Tensor p : params) {
                    p.setGrad(null);
                }
                loss.backward();
                try (GradMode.Scope off = GradMode.noGrad()) {
                    for (Tensor p : params) {
                        p.sub_(p.grad().mul(2.0));
                    }
                }
                if (step == 1 || step % 250 == 0) {
                    out.printf("step %4d  loss %.6f%n", step, loss.item());
                }
            }
        }
        try (GradMode.Scope off = GradMode.noGrad(); MemoryScope scope = MemoryScope.open()) {
            float[] p = x.matmul(w1).add(b1).tanh().matmul(w2).add(b2).sigmoid().toFloatArray();
            float[] target = y.toFloatArray();
            int correct = 0;
            for (int i = 0; i < 4; i++) {
                boolean right = Math.round(p[i]) == target[i];
                correct += right ? 1 : 0;
                out.printf("  %s xor %s -> %.4f (want %d)%n", (int) x.toFloatArray()[2 * i], (int) x.toFloatArray()[2 * i + 1],
                        p[i], (int) target[i]);
            }
            out.printf("accuracy %d/4%n", correct);
            return correct == 4;
        }
    }
}
