package dev.nabla.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.reference.ReferenceBackend;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.TensorFactory;
import org.junit.jupiter.api.Test;

/** Tape semantics: accumulation, retained and freed graphs, no-grad, detach, in-place safety, depth. */
class AutogradTest {
    private final TensorFactory f = Tensor.on(new ReferenceBackend()).dtype(DType.FLOAT64);

    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        Tensor x = f.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
        x.mul(x).sum().backward();
        x.mul(3).sum().backward();
        assertArrayEquals(new double[] {5, 7, 9}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void aTensorUsedTwiceGetsBothContributions() {
        Tensor x = f.of(new double[] {2}, 1).requiresGrad(true);
        Tensor y = x.exp();
        y.mul(y).add(y).sum().backward();       // d/dx (e^2x + e^x) = 2e^2x + e^x
        assertEquals(2 * Math.exp(4) + Math.exp(2), x.grad().item(), 1e-9);
    }

    @Test
    void explicitUpstreamGradient() {
        Tensor x = f.of(new double[] {1, 2}, 2).requiresGrad(true);
        x.mul(x).backward(f.of(new double[] {10, 100}, 2), false);
        assertArrayEquals(new double[] {20, 400}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void theGraphIsFreedUnlessRetained() {
        Tensor x = f.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor loss = x.exp().sum();
        loss.backward(f.ones(), true);
        loss.backward(f.ones(), false);
        assertArrayEquals(new double[] {2 * Math.E, 2 * Math.exp(2)}, x.grad().toDoubleArray(), 1e-12);
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("already freed"), e.getMessage());
    }

    @Test
    void nonScalarBackwardNeedsAnUpstreamGradient() {
        Tensor x = f.ones(2, 2).requiresGrad(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.mul(2).backward());
        assertTrue(e.getMessage().contains("scalar outputs"), e.getMessage());
    }

    @Test
    void noGradRecordsNothingAndDetachCutsTheGraph() {
        Tensor x = f.ones(3).requiresGrad(true);
        try (GradMode.Scope off = GradMode.noGrad()) {
            Tensor y = x.mul(2);
            assertFalse(y.requiresGrad());
            assertNull(y.gradFn());
            try (GradMode.Scope on = GradMode.enableGrad()) {
                assertTrue(x.mul(2).requiresGrad());
            }
        }
        Tensor d = x.mul(2).detach();
        assertFalse(d.requiresGrad());
        assertTrue(d.isLeaf());
        Tensor z = x.mul(d).sum();
        z.backward();
        assertArrayEquals(new double[] {2, 2, 2}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void inPlaceChangesToSavedTensorsAreDetected() {
        Tensor x = f.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor y = x.mul(2);
        Tensor z = y.mul(y).sum();          // saves y
        try (GradMode.Scope off = GradMode.noGrad()) {
            y.add_(f.ones(2));
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, z::backward);
        assertTrue(e.getMessage().contains("modified by an in-place operation"), e.getMessage());
    }

    @Test
    void inPlaceOnTensorsThatRequireGradIsRefusedWhileRecording() {
        Tensor w = f.ones(2).requiresGrad(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.add_(f.ones(2)));
        assertTrue(e.getMessage().contains("add_") && e.getMessage().contains("noGrad"), e.getMessage());
        try (GradMode.Scope off = GradMode.noGrad()) {
            w.add_(f.ones(2));
        }
        assertArrayEquals(new double[] {2, 2}, w.toDoubleArray(), 0);
    }

    @Test
    void stepAndSignAreForwardOnly() {
        Tensor x = f.of(new double[] {-1, 2}, 2).requiresGrad(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.step().sum().backward());
        assertTrue(e.getMessage().contains("step is not differentiable"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> x.sign().mul(x).sum().backward());
        assertTrue(e.getMessage().contains("sign is not differentiable"), e.getMessage());
    }

    @Test
    void deepChainsDoNotOverflowTheStack() {
        Tensor x = f.of(new double[] {1}, 1).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < 20_000; i++) {
            y = y.mul(1.0001);
        }
        y.sum().backward();
        assertEquals(Math.pow(1.0001, 20_000), x.grad().item(), 1e-6);
    }

    @Test
    void castPassesGradientsBetweenFloatTypes() {
        Tensor x = f.of(new double[] {1, -3}, 2).requiresGrad(true);
        x.cast(DType.FLOAT32).mul(2).cast(DType.FLOAT64).sum().backward();
        assertArrayEquals(new double[] {2, 2}, x.grad().toDoubleArray(), 0);
        assertEquals(DType.FLOAT64, x.grad().dtype());
    }

    @Test
    void integerTensorsCannotRequireGrad() {
        Tensor labels = f.dtype(DType.INT64).zeros(3);
        assertThrows(IllegalArgumentException.class, () -> labels.requiresGrad(true));
    }

    @Test
    void gradientsFlowAcrossBackends() {
        ReferenceBackend other = new ReferenceBackend();
        Tensor x = f.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor moved = x.to(other);
        assertTrue(moved.backend() == other);
        moved.mul(moved).sum().backward();
        assertArrayEquals(new double[] {2, 4}, x.grad().toDoubleArray(), 0);
        assertTrue(x.grad().backend() == x.backend());
    }
}
