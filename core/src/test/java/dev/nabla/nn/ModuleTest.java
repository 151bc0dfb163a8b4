package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.GradMode;
import dev.nabla.backend.Backends;
import dev.nabla.backend.reference.ReferenceBackend;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The module system: registry names, state dicts, modes, summaries, layer behaviour and defaults. */
class ModuleTest {
    private Backends.Scope scope;

    @BeforeEach
    void useReference() {
        scope = Backends.use(new ReferenceBackend());
    }

    @AfterEach
    void restore() {
        scope.close();
    }

    private static Sequential lenet() {
        return ModelSpec.preset("lenet5", Map.of()).build(new Generator(1));
    }

    @Test
    void namesNestLikePyTorch() {
        Sequential model = lenet();
        assertEquals(List.of("0.weight", "0.bias", "3.weight", "3.bias", "7.weight", "7.bias", "9.weight", "9.bias",
                "11.weight", "11.bias"), List.copyOf(model.namedParameters().keySet()));
        assertEquals(61_706, model.parameterCount(), "the classic LeNet-5 parameter count");
        Module block = new ResidualBlock(4, 8, 2, new Generator(2));
        assertTrue(block.stateDict().containsKey("main.1.running_mean"));
        assertTrue(block.stateDict().containsKey("shortcut.0.weight"));
        assertTrue(block.stateDict().containsKey("main.4.num_batches_tracked"));
    }

    @Test
    void castsToFloat64LikeTorchModuleTo() {
        Module block = new ResidualBlock(2, 4, 2, new Generator(2));
        Tensor x = Tensor.rand(new Generator(3), 2, 2, 8, 8);
        float[] single = block.call(x).toFloatArray();
        block.to(DType.FLOAT64);
        block.namedParameters().values().forEach(p -> {
            assertEquals(DType.FLOAT64, p.dtype());
            assertTrue(p.requiresGrad(), "a cast parameter is still a trainable leaf");
        });
        assertEquals(DType.FLOAT64, block.stateDict().get("main.1.running_mean").dtype());
        assertEquals(DType.INT64, block.stateDict().get("main.1.num_batches_tracked").dtype(), "integer buffers stay");
        double[] dbl = block.call(x.cast(DType.FLOAT64)).toDoubleArray();
        for (int i = 0; i < single.length; i++) {
            assertEquals(single[i], dbl[i], 1e-5, "same function in float64");
        }
        assertThrows(IllegalArgumentException.class, () -> block.to(DType.INT32));
    }

    @Test
    void stateDictRoundTripAndClearErrors() {
        Sequential a = lenet();
        Sequential b = ModelSpec.preset("lenet5", Map.of()).build(new Generator(99));
        Tensor x = Tensor.rand(new Generator(3), 2, 1, 28, 28);
        assertNotEquals(a.call(x).toFloatArray()[0], b.call(x).toFloatArray()[0]);
        b.loadStateDict(a.stateDict(), true);
        assertArrayEquals(a.call(x).toFloatArray(), b.call(x).toFloatArray());

        Map<String, Tensor> wrong = new java.util.LinkedHashMap<>(a.stateDict());
        wrong.remove("9.bias");
        wrong.put("9.weight", Tensor.zeros(3, 3));
        wrong.put("extra.weight", Tensor.zeros(1));
        float[] before = b.stateDict().get("0.weight").toFloatArray();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(wrong, true));
        assertTrue(e.getMessage().contains("'9.weight' has shape [3, 3], the model expects [84, 120]"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected key 'extra.weight'"), e.getMessage());
        assertTrue(e.getMessage().contains("missing key '9.bias'"), e.getMessage());
        assertArrayEquals(before, b.stateDict().get("0.weight").toFloatArray(), "nothing was written");
    }

    @Test
    void summaryListsEveryLayer() {
        String summary = lenet().summary(Tensor.zeros(1, 1, 28, 28));
        assertTrue(summary.contains("0 (Conv2d)") && summary.contains("[1, 6, 28, 28]") && summary.contains("156"), summary);
        assertTrue(summary.contains("6 (Flatten)") && summary.contains("[1, 400]"), summary);
        assertTrue(summary.contains("total") && summary.contains("61,706"), summary);
    }

    @Test
    void trainAndEvalModesPropagate() {
        Sequential model = ModelSpec.preset("vgg-small", Map.of()).build(new Generator(1));
        model.eval();
        assertFalse(model.get(1).isTraining());
        model.train();
        assertTrue(model.get(1).isTraining());
    }

    @Test
    void dropoutScalesInTrainingAndIsIdentityInEval() {
        Dropout d = new Dropout(0.25, new Generator(5));
        Tensor x = Tensor.ones(10_000);
        float[] y = d.call(x).toFloatArray();
        long zeros = 0;
        for (float v : y) {
            assertTrue(v == 0 || Math.abs(v - 1 / 0.75f) < 1e-6, "kept values are scaled: " + v);
            zeros += v == 0 ? 1 : 0;
        }
        assertEquals(0.25, zeros / 10_000.0, 0.02);
        d.eval();
        assertArrayEquals(x.toFloatArray(), d.call(x).toFloatArray());
    }

    @Test
    void batchNormUsesRunningStatisticsInEval() {
        BatchNorm bn = BatchNorm.d1(3);
        Tensor x = Tensor.randn(new Generator(1), 64, 3).mul(2).add(5);
        for (int i = 0; i < 50; i++) {
            try (GradMode.Scope off = GradMode.noGrad()) {
                bn.call(x);
            }
        }
        float[] mean = bn.stateDict().get("running_mean").toFloatArray();
        // Starting from 0 with momentum 0.1: after 50 identical batches, mean * (1 - 0.9^50).
        assertEquals(x.mean(0).toFloatArray()[0] * (1 - Math.pow(0.9, 50)), mean[0], 1e-4);
        assertEquals(50, (long) bn.stateDict().get("num_batches_tracked").item());
        bn.eval();
        Tensor y = bn.call(x);
        assertEquals(0, y.mean().item(), 0.05);
        assertEquals(1, y.var(new int[] {0}, false, false).toFloatArray()[1], 0.05);
    }

    @Test
    void defaultInitialisationMatchesPyTorchBounds() {
        Linear fc = new Linear(400, 120);
        float bound = (float) (1 / Math.sqrt(400));
        for (Tensor p : fc.parameters()) {
            for (float v : p.toFloatArray()) {
                assertTrue(Math.abs(v) <= bound, "U(-1/sqrt(fan_in), 1/sqrt(fan_in)): " + v);
            }
        }
        Tensor w = Tensor.zeros(256, 128);
        Init.kaimingNormal(w, 0, new Generator(1));
        assertEquals(Math.sqrt(2.0 / 128), Math.sqrt(w.var().item()), 0.005);
        Init.xavierUniform(w, 1, new Generator(2));
        assertEquals(Math.sqrt(6.0 / 384) / Math.sqrt(3), Math.sqrt(w.var().item()), 0.003);
    }

    @Test
    void residualBlockKeepsOrChangesShape() {
        Tensor x = Tensor.randn(new Generator(1), 2, 4, 8, 8);
        assertArrayEquals(new int[] {2, 4, 8, 8}, new ResidualBlock(4, 4, 1).call(x).shape());
        assertArrayEquals(new int[] {2, 8, 4, 4}, new ResidualBlock(4, 8, 2).call(x).shape());
    }

    @Test
    void layerSpecErrorsNameTheField() {
        ModelSpec bad = new ModelSpec(List.of(new LayerSpec("conv2d", Map.of("in", 1, "out", 6, "kernal", 5))));
        SpecException e = assertThrows(SpecException.class, () -> bad.build(new Generator(1)));
        assertEquals("model.layers[0].kernal", e.path());
        ModelSpec negative = new ModelSpec(List.of(new LayerSpec("linear", Map.of("in", 4, "out", -2))));
        e = assertThrows(SpecException.class, () -> negative.build(new Generator(1)));
        assertEquals("model.layers[0].out: must be positive, got -2", e.getMessage());
        ModelSpec unknown = new ModelSpec(List.of(new LayerSpec("convolution", Map.of())));
        e = assertThrows(SpecException.class, () -> unknown.build(new Generator(1)));
        assertTrue(e.getMessage().startsWith("model.layers[0].type: unknown layer type 'convolution'"), e.getMessage());
        assertThrows(SpecException.class, () -> ModelSpec.preset("alexnet", Map.of()));
    }

    @Test
    void everyPresetRunsForwardOnFashionMnistShapes() {
        for (String name : ModelSpec.PRESETS) {
            Sequential model = ModelSpec.preset(name, Map.of()).build(new Generator(1));
            Tensor out = model.call(Tensor.rand(new Generator(2), 2, 1, 28, 28));
            int[] expected = name.equals("autoencoder") ? new int[] {2, 1, 28, 28} : new int[] {2, 10};
            assertArrayEquals(expected, out.shape(), name);
        }
    }
}
