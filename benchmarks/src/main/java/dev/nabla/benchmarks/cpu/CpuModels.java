package dev.nabla.benchmarks.cpu;

import dev.nabla.autodiff.GradMode;
import dev.nabla.backend.UnaryOp;
import dev.nabla.nn.Functional;
import dev.nabla.optim.Updates;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.TensorFactory;

/**
 * The two training workloads of the issue built from tensor ops and {@link Functional} (the nn
 * layers live elsewhere): MLP 784-256-128-10 and LeNet-5 (conv 6@5x5 pad 2, pool, conv 16@5x5,
 * pool, 120, 84, 10), ReLU, cross-entropy, SGD with momentum 0.9, lr 0.01.
 */
final class CpuModels {
    private final boolean lenet;
    private final Tensor[] params;
    private final Tensor[] velocity;
    private boolean first = true;

    CpuModels(TensorFactory f, boolean lenet) {
        this.lenet = lenet;
        int[][] shapes = lenet
                ? new int[][] {{6, 1, 5, 5}, {6}, {16, 6, 5, 5}, {16}, {120, 400}, {120}, {84, 120}, {84}, {10, 84}, {10}}
                : new int[][] {{256, 784}, {256}, {128, 256}, {128}, {10, 128}, {10}};
        Generator gen = new Generator(42);
        params = new Tensor[shapes.length];
        velocity = new Tensor[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            int fanIn = 1;
            for (int d = 1; d < shapes[i].length; d++) {
                fanIn *= shapes[i][d];
            }
            params[i] = (shapes[i].length == 1 ? f.zeros(shapes[i]) : f.randn(gen, shapes[i]).mul(Math.sqrt(2.0 / fanIn)))
                    .detach().requiresGrad(true);
            velocity[i] = f.zeros(shapes[i]);
        }
    }

    /** One SGD step on the batch; returns the loss tensor (freed with the caller's scope). */
    Tensor step(Tensor x, Tensor labels) {
        Tensor loss = Functional.crossEntropy(lenet ? lenet(x) : mlp(x), labels);
        for (Tensor p : params) {
            p.setGrad(null);
        }
        loss.backward();
        try (GradMode.Scope off = GradMode.noGrad()) {
            for (int i = 0; i < params.length; i++) {
                Updates.sgd(params[i], params[i].grad(), velocity[i], 0.01, 0.9, 0, 0, false, first);
            }
        }
        first = false;
        return loss;
    }

    private Tensor mlp(Tensor x) {
        Tensor h = dense(x.flatten(1, x.rank() - 1), 0, true);
        h = dense(h, 2, true);
        return dense(h, 4, false);
    }

    private Tensor lenet(Tensor x) {
        Tensor h = Functional.maxPool2d(Functional.conv2d(x, params[0], params[1], 1, 2).relu(), 2);
        h = Functional.maxPool2d(Functional.conv2d(h, params[2], params[3], 1, 0).relu(), 2).flatten(1, 3);
        h = dense(h, 4, true);
        h = dense(h, 6, true);
        return dense(h, 8, false);
    }

    // x (N, in) * w(out, in)^T + b, then ReLU, fused
    private Tensor dense(Tensor x, int at, boolean relu) {
        return Functional.biasActivation(x.matmul(params[at].t()), params[at + 1], relu ? UnaryOp.RELU : null, 0);
    }

    float[] firstWeightGradient() {
        return params[0].grad().toFloatArray();
    }
}
