package dev.nabla.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.GradMode;
import dev.nabla.backend.MemoryStats;
import dev.nabla.nn.Functional;
import dev.nabla.optim.Updates;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.MemoryScope;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.TensorFactory;
import org.junit.jupiter.api.Test;

/** Device memory in use returns to its starting value after 1,000 training steps, and the cache is reused. */
class ClTrainingMemoryTest {
    @Test
    void thousandMlpStepsLeaveNoDeviceMemoryBehind() {
        ClBackend cl = ClTestSupport.fresh();  // other tests leave garbage for the cleaner in the shared one
        TensorFactory f = Tensor.on(cl);
        Generator gen = new Generator(42);
        Tensor x;
        Tensor labels;
        Tensor[] params;
        try (MemoryScope setup = MemoryScope.open()) {  // setup temporaries are freed now, not by the GC mid-test
            x = setup.keep(f.randn(gen, 32, 20));
            labels = setup.keep(f.of(new long[32], 32));
            params = new Tensor[] {f.randn(gen, 20, 32).mul(0.2).detach().requiresGrad(true),
                    f.zeros(32).requiresGrad(true), f.randn(gen, 32, 4).mul(0.2).detach().requiresGrad(true)};
            setup.keep(params);
        }
        Tensor w1 = params[0];
        Tensor b1 = params[1];
        Tensor w2 = params[2];
        MemoryStats start = cl.memoryStats();
        double first = 0;
        double last = 0;
        for (int step = 0; step < 1000; step++) {
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor loss = Functional.crossEntropy(x.matmul(w1).add(b1).relu().matmul(w2), labels);
                loss.backward();
                try (GradMode.Scope off = GradMode.noGrad()) {
                    for (Tensor p : params) {
                        Updates.sgd(p, p.grad(), null, 0.1, 0, 0, 0, false, false);
                        p.setGrad(null);
                    }
                }
                if (step == 0 || step == 999) {
                    last = loss.item();
                    first = step == 0 ? last : first;
                }
            }
        }
        MemoryStats end = cl.memoryStats();
        assertEquals(start.inUse(), end.inUse(), "bytes in use after 1000 steps: " + start + " -> " + end);
        assertEquals(start.liveBuffers(), end.liveBuffers(), "live buffers");
        assertTrue(end.cached() > 0, "freed memory waits in the cache: " + end);
        assertTrue(last < first / 4, "the MLP learns the constant label: loss " + first + " -> " + last);
    }
}
