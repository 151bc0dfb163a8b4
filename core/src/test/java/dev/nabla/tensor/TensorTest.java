package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.GradMode;
import dev.nabla.backend.reference.ReferenceBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Creation, views sharing storage, broadcasting, export, printing and the error messages. */
class TensorTest {
    private final ReferenceBackend backend = new ReferenceBackend();
    private final TensorFactory f = Tensor.on(backend);

    private static float[] floats(double... values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    @Test
    void creation() {
        assertArrayEquals(floats(0, 0, 0, 0), f.zeros(2, 2).toFloatArray());
        assertArrayEquals(floats(7, 7), f.full(7, 2).toFloatArray());
        assertArrayEquals(floats(1, 0, 0, 0, 1, 0, 0, 0, 1), f.eye(3).toFloatArray());
        assertArrayEquals(floats(2, 2.5, 3, 3.5), f.arange(2, 4, 0.5).toFloatArray());
        assertArrayEquals(new long[] {0, 1, 2}, f.dtype(DType.INT64).arange(0, 3, 1).toLongArray());
        assertEquals(5.0, f.full(5).item());
        assertEquals(0, f.zeros().rank());
        float[] u = f.uniform(new Generator(3), -2, 5, 1000).toFloatArray();
        for (float v : u) {
            assertTrue(v >= -2 && v < 5, "uniform sample " + v);
        }
    }

    @Test
    void randomDrawsAreSeededAndAdvance() {
        Generator a = new Generator(42);
        Generator b = new Generator(42);
        float[] first = f.randn(a, 10).toFloatArray();
        assertArrayEquals(first, f.randn(b, 10).toFloatArray());
        assertFalse(java.util.Arrays.equals(first, f.randn(a, 10).toFloatArray()), "the stream advances");
        double[] n = f.dtype(DType.FLOAT64).randn(new Generator(1), 20_000).toDoubleArray();
        double mean = java.util.Arrays.stream(n).average().orElseThrow();
        double var = java.util.Arrays.stream(n).map(v -> (v - mean) * (v - mean)).sum() / n.length;
        assertEquals(0, mean, 0.03);
        assertEquals(1, var, 0.03);
    }

    @Test
    void viewsShareStorage() {
        Tensor x = f.of(floats(0, 1, 2, 3, 4, 5), 2, 3);
        Tensor t = x.t();
        assertArrayEquals(new int[] {3, 2}, t.shape());
        assertFalse(t.isContiguous());
        assertArrayEquals(floats(0, 3, 1, 4, 2, 5), t.toFloatArray());
        Tensor row = x.select(0, 1);
        assertArrayEquals(floats(3, 4, 5), row.toFloatArray());
        try (GradMode.Scope off = GradMode.noGrad()) {
            row.fill_(9);
        }
        assertArrayEquals(floats(0, 1, 2, 9, 9, 9), x.toFloatArray(), "writing a view writes the base");
        assertArrayEquals(floats(1, 9), x.narrow(1, 1, 1).squeeze().toFloatArray());
        assertArrayEquals(new int[] {2, 1, 3}, x.unsqueeze(1).shape());
        assertArrayEquals(new int[] {6}, x.flatten().shape());
        assertArrayEquals(floats(0, 9, 1, 9, 2, 9), x.permute(1, 0).reshape(6).toFloatArray());
        Tensor e = f.of(floats(1, 2), 2, 1).expand(2, 3);
        assertArrayEquals(new int[] {0, 0}, new int[] {e.strides()[1], 0});
        assertArrayEquals(floats(1, 1, 1, 2, 2, 2), e.toFloatArray());
    }

    @Test
    void reshapeCopiesOnlyWhenItMust() {
        Tensor x = f.arange(0, 12, 1).reshape(3, 4);
        Tensor v = x.reshape(2, 6);
        assertTrue(v.isContiguous());
        Tensor t = x.t();
        assertThrows(IllegalArgumentException.class, () -> t.view(12));
        assertArrayEquals(floats(0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11), t.reshape(12).toFloatArray());
        // Merging dimensions that stay contiguous with each other is still a view.
        Tensor sliced = f.arange(0, 24, 1).reshape(2, 3, 4).narrow(0, 1, 1);
        assertArrayEquals(floats(12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23), sliced.view(12).toFloatArray());
    }

    @Test
    void broadcastingArithmetic() {
        Tensor a = f.of(floats(1, 2, 3), 3, 1);
        Tensor b = f.of(floats(10, 20), 2);
        assertArrayEquals(floats(11, 21, 12, 22, 13, 23), a.add(b).toFloatArray());
        assertArrayEquals(floats(2, 4, 6), a.mul(2).reshape(3).toFloatArray());
        assertArrayEquals(floats(1, 0, 0), a.lt(2).reshape(3).toFloatArray());
        assertArrayEquals(floats(8, 2, 3), Tensor.where(a.lt(2), f.full(8), a).reshape(3).toFloatArray());
        assertArrayEquals(floats(2, 2, 3), a.clamp(2, 5).reshape(3).toFloatArray());
    }

    @Test
    void reductions() {
        Tensor x = f.of(floats(1, 5, 2, 8, 0, 4), 2, 3);
        assertEquals(20, x.sum().item());
        assertArrayEquals(floats(9, 5, 6), x.sum(0).toFloatArray());
        assertArrayEquals(new int[] {2, 1}, x.sum(new int[] {1}, true).shape());
        assertArrayEquals(floats(8.0 / 3, 4), x.mean(1).toFloatArray(), 1e-6f);
        assertArrayEquals(floats(5, 8), x.max(1, false).toFloatArray());
        assertArrayEquals(new long[] {1, 0}, x.argmax(1, false).toLongArray());
        assertEquals(0, x.min().item());
        assertEquals(16, x.var(new int[] {1}, true, false).toFloatArray()[1], 1e-5);   // [8, 0, 4]: 32 / 2
    }

    @Test
    void concatStackGatherOneHot() {
        Tensor a = f.of(floats(1, 2), 1, 2);
        Tensor b = f.of(floats(3, 4, 5, 6), 2, 2);
        assertArrayEquals(floats(1, 2, 3, 4, 5, 6), Tensor.concat(0, a, b).toFloatArray());
        assertArrayEquals(new int[] {2, 1, 2}, Tensor.stack(0, a, a).shape());
        Tensor labels = f.of(new long[] {1, 0}, 2);
        assertArrayEquals(floats(4, 5), b.gather(1, labels.unsqueeze(1)).reshape(2).toFloatArray());
        assertArrayEquals(floats(0, 1, 1, 0), labels.oneHot(2).toFloatArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> labels.oneHot(1));
        assertEquals("one_hot: label 1 is outside [0, 1)", e.getMessage());
    }

    @Test
    void toStringLooksLikePyTorch() {
        Tensor x = f.of(floats(1, 2.5, -3, 4), 2, 2);
        assertEquals("tensor([[1.0000, 2.5000],\n        [-3.0000, 4.0000]], shape=[2, 2], dtype=float32, backend=reference)",
                x.toString());
        String big = f.zeros(100, 100).toString();
        assertTrue(big.contains("...") && big.length() < 600, big);
        assertTrue(f.dtype(DType.INT64).zeros(2).toString().startsWith("tensor([0, 0]"));
    }

    private static void assertMessage(String expected, Executable op) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, op);
        assertEquals(expected, e.getMessage());
    }

    @Test
    void errorMessagesNameTheOpAndTheShapes() {
        Tensor x = f.zeros(64, 784);
        assertMessage("matmul: inner dimensions differ: [64, 784] x [256, 10]", () -> x.matmul(f.zeros(256, 10)));
        assertMessage("add: shapes [2, 3] and [4] cannot be broadcast (dimension 1: 3 vs 4)",
                () -> f.zeros(2, 3).add(f.zeros(4)));
        assertMessage("mul: dtypes differ: float32 vs float64; convert one with cast(dtype)",
                () -> f.zeros(2).mul(f.dtype(DType.FLOAT64).zeros(2)));
        assertMessage("add: tensors are on different backends: reference and reference; move one with to(backend)",
                () -> f.zeros(2).add(Tensor.on(new ReferenceBackend()).zeros(2)));
        assertMessage("reshape: cannot reshape [64, 784] (50176 elements) into [3, 5] (15 elements)", () -> x.reshape(3, 5));
        assertMessage("narrow: range [780, 790) is outside size 784 of dimension 1 of [64, 784]", () -> x.narrow(1, 780, 10));
        assertMessage("sum: axis 2 is out of range for rank 2", () -> x.sum(2));
        assertMessage("expand: size 784 of dimension 1 of [64, 784] cannot become 3 (only size-1 dimensions expand)",
                () -> x.expand(64, 3));
        assertMessage("exp: expects a floating-point tensor, got int64", () -> f.dtype(DType.INT64).zeros(2).exp());
        assertMessage("conv2d: weight [6, 3, 5, 5] expects 3 input channels (groups=1), but input [8, 1, 28, 28] has 1",
                () -> dev.nabla.nn.Functional.conv2d(f.zeros(8, 1, 28, 28), f.zeros(6, 3, 5, 5), null, 1, 0));
        assertMessage("of: 5 values do not fill shape [2, 3]", () -> f.of(new float[5], 2, 3));
    }
}
