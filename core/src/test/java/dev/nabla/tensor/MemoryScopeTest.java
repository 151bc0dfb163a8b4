package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.GradMode;
import dev.nabla.backend.reference.ReferenceBackend;
import org.junit.jupiter.api.Test;

/** Deterministic freeing: scopes, keep, reference-counted views, use-after-free errors, no leaks. */
class MemoryScopeTest {
    private final ReferenceBackend backend = new ReferenceBackend();
    private final TensorFactory f = Tensor.on(backend);

    private long inUse() {
        return backend.memoryStats().inUse();
    }

    @Test
    void aScopeFreesWhatWasCreatedInside() {
        long start = inUse();
        Tensor kept;
        Tensor dropped;
        try (MemoryScope scope = MemoryScope.open()) {
            dropped = f.ones(100);
            kept = scope.keep(f.ones(10).mul(3));
            assertTrue(inUse() > start);
        }
        assertTrue(dropped.isClosed());
        assertFalse(kept.isClosed());
        assertEquals(start + 40, inUse());
        kept.close();
        assertEquals(start, inUse());
    }

    @Test
    void nestedScopesHandKeptTensorsOutward() {
        long start = inUse();
        try (MemoryScope outer = MemoryScope.open()) {
            Tensor fromInner;
            try (MemoryScope inner = MemoryScope.open()) {
                fromInner = inner.keep(f.ones(5));
                f.ones(7);
            }
            assertFalse(fromInner.isClosed());
            assertEquals(1, outer.size());
        }
        assertEquals(start, inUse());
    }

    @Test
    void storageLivesUntilItsLastViewCloses() {
        long start = inUse();
        Tensor base = f.ones(4, 4);
        Tensor view = base.t();
        base.close();
        assertEquals(start + 64, inUse(), "the view still holds the storage");
        try (MemoryScope scope = MemoryScope.open()) {
            assertEquals(16, view.sum().item());
        }
        view.close();
        assertEquals(start, inUse());
    }

    @Test
    void useAfterCloseIsAClearError() {
        Tensor x = f.ones(3);
        x.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.add(x));
        assertTrue(e.getMessage().startsWith("add: tensor of shape [3] was already closed"), e.getMessage());
        x.close();   // idempotent
    }

    @Test
    void trainingStepsInScopesDoNotLeak() {
        Tensor w = f.randn(new Generator(1), 8, 4).requiresGrad(true);
        long start = -1;
        for (int step = 0; step < 50; step++) {
            try (MemoryScope scope = MemoryScope.open()) {
                w.setGrad(null);
                Tensor x = f.randn(new Generator(step), 16, 8);
                x.matmul(w).tanh().pow(2).mean().backward();
                try (GradMode.Scope off = GradMode.noGrad()) {
                    w.sub_(w.grad().mul(0.1));
                }
            }
            if (step == 0) {
                start = inUse();
            }
        }
        assertEquals(start, inUse(), "memory in use is flat across steps");
    }
}
