package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.GradMode;
import dev.nabla.backend.Backend;
import dev.nabla.backend.reference.ReferenceBackend;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.TensorFactory;
import org.junit.jupiter.api.Test;

/** A 2-4-1 MLP learns XOR with plain tensor ops, autodiff and a hand-written SGD loop. */
class XorTest {
    @Test
    void learnsXorWithHandWrittenSgd() {
        Backend backend = new ReferenceBackend();
        TensorFactory f = Tensor.on(backend);
        Tensor x = f.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
        Tensor y = f.of(new float[] {0, 1, 1, 0}, 4, 1);
        Generator gen = new Generator(3);
        // Xavier-uniform initialisation: U(-a, a) with a = sqrt(6 / (fan_in + fan_out)).
        Tensor w1 = f.uniform(gen, -Math.sqrt(1.0), Math.sqrt(1.0), 2, 4).requiresGrad(true);
        Tensor b1 = f.zeros(4).requiresGrad(true);
        Tensor w2 = f.uniform(gen, -Math.sqrt(1.2), Math.sqrt(1.2), 4, 1).requiresGrad(true);
        Tensor b2 = f.zeros(1).requiresGrad(true);
        Tensor[] params = {w1, b1, w2, b2};
        double firstLoss = 0;
        double loss = 0;
        for (int step = 0; step < 2000; step++) {
            Tensor hidden = x.matmul(w1).add(b1).tanh();
            Tensor prediction = hidden.matmul(w2).add(b2).sigmoid();
            Tensor l = prediction.sub(y).pow(2).mean();
            for (Tensor p : params) {
                p.setGrad(null);
            }
            l.backward();
            try (var off = GradMode.noGrad()) {
                for (Tensor p : params) {
                    p.sub_(p.grad().mul(2.0));
                }
            }
            loss = l.item();
            if (step == 0) {
                firstLoss = loss;
            }
        }
        Tensor out;
        try (var off = GradMode.noGrad()) {
            out = x.matmul(w1).add(b1).tanh().matmul(w2).add(b2).sigmoid();
        }
        float[] p = out.toFloatArray();
        float[] rounded = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            rounded[i] = Math.round(p[i]);
        }
        assertArrayEquals(new float[] {0, 1, 1, 0}, rounded, "predictions " + out);
        assertTrue(loss < 0.02 && loss < firstLoss / 5, "loss went from " + firstLoss + " to " + loss);
    }
}
