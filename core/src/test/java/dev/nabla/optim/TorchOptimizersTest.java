package dev.nabla.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nabla.backend.Backend;
import dev.nabla.backend.PrimitivesOnly;
import dev.nabla.backend.reference.ReferenceBackend;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.MemoryScope;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Nabla's optimizers, schedules and gradient clipping against {@code torch.optim} 1.13 (issue 3).
 * The values are in {@code src/test/resources/torch/optimizers.json}, written by
 * {@code src/test/python/make_torch_training_reference.py} (run it with {@code /usr/bin/python3}).
 *
 * <p>Optimizers: on the fixed problem {@code loss(w, b) = ((x @ w + b - y)^2).mean()} (x 8x5, w 5x3,
 * b 3) three rounds of {@code zeroGrad(); loss.backward(); step()} must give torch's loss before each
 * step, torch's parameters after each step and torch's state (momentum buffers, moment estimates,
 * ...) after the last, in float64 and float32, on the reference backend (the fused SGD/Adam update
 * kernels) and on {@code PrimitivesOnly.of(reference)} (the composite updates).
 *
 * <p>Tolerance: {@code |actual - expected| <= 1e-5 * (1 + |expected|)}.
 */
class TorchOptimizersTest {
    private static final String RESOURCE = "/torch/optimizers.json";
    private static final double TOLERANCE = 1e-5;

    private static JsonNode root() throws IOException {
        try (InputStream in = TorchOptimizersTest.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " is not on the test classpath");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            for (String key : List.of("problem", "optimizers", "schedules", "clipping")) {
                if (root.get(key) == null) {
                    throw new IOException(RESOURCE + ": no '" + key + "'");
                }
            }
            return root;
        }
    }

    private static List<Backend> backends() {
        Backend reference = new ReferenceBackend();
        return List.of(reference, PrimitivesOnly.of(reference));
    }

    // ---------------------------------------------------------------------------------- optimizers

    @TestFactory
    Stream<DynamicNode> optimizersMatchTorch() throws IOException {
        JsonNode root = root();
        JsonNode problem = root.get("problem");
        return backends().stream().map(backend -> {
            List<DynamicNode> byDtype = new ArrayList<>();
            for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32)) {
                List<DynamicTest> tests = new ArrayList<>();
                for (JsonNode c : root.get("optimizers")) {
                    tests.add(DynamicTest.dynamicTest(c.get("name").asText(),
                            () -> checkOptimizer(backend, dtype, problem, c)));
                }
                byDtype.add(DynamicContainer.dynamicContainer(dtype.shortName(), tests));
            }
            return DynamicContainer.dynamicContainer(backend.name(), byDtype);
        });
    }

    @Test
    void everyOptimizerVariantIsCovered() throws IOException {
        Set<String> names = new HashSet<>();
        Set<String> kinds = new HashSet<>();
        for (JsonNode c : root().get("optimizers")) {
            assertTrue(names.add(c.get("name").asText()), "duplicate " + c.get("name"));
            kinds.add(c.get("optimizer").asText());
        }
        assertEquals(Set.of("SGD", "RMSprop", "Adagrad", "Adam", "AdamW"), kinds);
        for (String n : List.of("sgd_plain", "sgd_momentum", "sgd_momentum_dampening_weight_decay", "sgd_nesterov",
                "rmsprop_plain", "rmsprop_centered_momentum_weight_decay",
                "adagrad_lr_decay_weight_decay_initial_accumulator", "adam_plain", "adam_betas_eps_weight_decay",
                "adamw_weight_decay", "adamw_default_decay", "adam_large_eps", "adamw_large_eps",
                "rmsprop_centered_large_eps", "adagrad_large_eps")) {
            assertTrue(names.contains(n), "missing optimizer case " + n);
        }
    }

    private static Optimizer optimizer(String kind, JsonNode k, List<Tensor> params) {
        double lr = k.get("lr").asDouble();
        double wd = k.path("weight_decay").asDouble(0);
        return switch (kind) {
            case "SGD" -> new SGD(params, lr, k.path("momentum").asDouble(0), k.path("dampening").asDouble(0), wd,
                    k.path("nesterov").asBoolean(false));
            case "RMSprop" -> new RMSprop(params, lr, k.path("alpha").asDouble(0.99), k.path("eps").asDouble(1e-8), wd,
                    k.path("momentum").asDouble(0), k.path("centered").asBoolean(false));
            case "Adagrad" -> new Adagrad(params, lr, k.path("lr_decay").asDouble(0), wd,
                    k.path("initial_accumulator_value").asDouble(0), k.path("eps").asDouble(1e-10));
            case "Adam" -> k.has("betas") || k.has("eps") || k.has("weight_decay")
                    ? new Adam(params, lr, beta(k, 0, 0.9), beta(k, 1, 0.999), k.path("eps").asDouble(1e-8), wd)
                    : new Adam(params, lr);
            case "AdamW" -> k.has("betas") || k.has("eps") || k.has("weight_decay")
                    ? new AdamW(params, lr, beta(k, 0, 0.9), beta(k, 1, 0.999), k.path("eps").asDouble(1e-8),
                    k.path("weight_decay").asDouble(0.01))
                    : new AdamW(params, lr);     // torch's default weight decay 0.01 must be Nabla's too
            default -> throw new IllegalArgumentException("no Nabla optimizer for torch.optim." + kind);
        };
    }

    private static double beta(JsonNode k, int i, double otherwise) {
        return k.has("betas") ? k.get("betas").get(i).asDouble() : otherwise;
    }

    private static void checkOptimizer(Backend backend, DType dtype, JsonNode problem, JsonNode c) {
        String name = backend.name() + " " + dtype.shortName() + " " + c.get("name").asText();
        JsonNode expected = c.get("expected").get(dtype.shortName());
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor x = tensor(backend, dtype, problem.get("x"));
            Tensor y = tensor(backend, dtype, problem.get("y"));
            Tensor w = tensor(backend, dtype, problem.get("w0")).requiresGrad(true);
            Tensor b = tensor(backend, dtype, problem.get("b0")).requiresGrad(true);
            Optimizer opt = optimizer(c.get("optimizer").asText(), c.get("kwargs"), List.of(w, b));
            int steps = problem.get("steps").asInt();
            assertEquals(steps, expected.get("params").size());
            for (int s = 0; s < steps; s++) {
                opt.zeroGrad();
                assertNull(w.grad(), name + ": zeroGrad left a gradient");
                Tensor d = x.matmul(w).add(b).sub(y);
                Tensor loss = d.mul(d).mean();
                loss.backward();
                opt.step();
                String at = name + " step " + (s + 1);
                compare(at + ": loss before the step", new double[] {expected.get("losses").get(s).asDouble()},
                        new double[] {loss.item()});
                JsonNode params = expected.get("params").get(s);
                compare(at + ": w", doubles(params.get(0).get("data")), w.toDoubleArray());
                compare(at + ": b", doubles(params.get(1).get("data")), b.toDoubleArray());
                assertEquals(dtype, w.dtype(), at + ": w's dtype changed");
                assertTrue(w.isLeaf() && w.requiresGrad(), at + ": w is no longer a trainable leaf");
            }
            // torch's state names are Nabla's: momentum_buffer, square_avg, grad_avg, sum, exp_avg, exp_avg_sq
            Map<String, Tensor> state = opt.stateDict();
            for (int p = 0; p < 2; p++) {
                assertEquals(steps, (long) state.get(p + ".step").item(), name + ": step count of parameter " + p);
                var fields = expected.get("state").get(p).fields();
                int count = 0;
                while (fields.hasNext()) {
                    var f = fields.next();
                    Tensor t = state.get(p + "." + f.getKey());
                    assertNotNull(t, name + ": no optimizer state '" + p + "." + f.getKey() + "' (have " + state.keySet() + ")");
                    compare(name + ": state " + p + "." + f.getKey(), doubles(f.getValue().get("data")), t.toDoubleArray());
                    count++;
                }
                String prefix = p + ".";
                long nablaTensors = state.keySet().stream()
                        .filter(key -> key.startsWith(prefix) && !key.endsWith(".step")).count();
                assertEquals(count, nablaTensors, name + ": Nabla keeps state torch does not: " + state.keySet());
            }
        }
    }

    // ---------------------------------------------------------------------------------- schedules

    @TestFactory
    Stream<DynamicTest> schedulesMatchTorch() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root().get("schedules")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> {
                Schedule s = schedule(c.get("schedule"));
                double base = c.get("base").asDouble();
                JsonNode rates = c.get("rates");
                assertTrue(rates.size() >= 10, "fewer than 10 epochs");
                double[] actual = new double[rates.size()];
                for (int e = 0; e < actual.length; e++) {
                    actual[e] = s.rate(e, base);
                }
                compare(c.get("name").asText() + ": learning rate by epoch", doubles(rates), actual);
            }));
        }
        assertTrue(tests.size() >= 6);
        return tests.stream();
    }

    private static Schedule schedule(JsonNode spec) {
        return switch (spec.get("kind").asText()) {
            case "constant" -> Schedule.constant();
            case "step" -> Schedule.step(spec.get("step_size").asInt(), spec.get("gamma").asDouble());
            case "exponential" -> Schedule.exponential(spec.get("gamma").asDouble());
            case "cosine" -> Schedule.cosine(spec.get("t_max").asInt(), spec.get("eta_min").asDouble());
            case "warmup" -> Schedule.warmup(spec.get("epochs").asInt(), spec.get("start_factor").asDouble(),
                    schedule(spec.get("after")));
            default -> throw new IllegalArgumentException("unknown schedule " + spec);
        };
    }

    // ---------------------------------------------------------------------------------- clipping

    @TestFactory
    Stream<DynamicNode> clippingMatchesTorch() throws IOException {
        JsonNode root = root();
        return backends().stream().map(backend -> {
            List<DynamicTest> tests = new ArrayList<>();
            for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32)) {
                for (JsonNode c : root.get("clipping")) {
                    tests.add(DynamicTest.dynamicTest(dtype.shortName() + " " + c.get("name").asText(),
                            () -> checkClip(backend, dtype, c)));
                }
            }
            return DynamicContainer.dynamicContainer(backend.name(), tests);
        });
    }

    private static void checkClip(Backend backend, DType dtype, JsonNode c) {
        String name = backend.name() + " " + dtype.shortName() + " " + c.get("name").asText();
        JsonNode expected = c.get("expected").get(dtype.shortName());
        try (MemoryScope scope = MemoryScope.open()) {
            List<Tensor> params = new ArrayList<>();
            for (JsonNode g : c.get("grads")) {
                Tensor grad = tensor(backend, dtype, g);
                Tensor p = Tensor.on(backend).dtype(dtype).zeros(grad.shape()).requiresGrad(true);
                p.setGrad(grad);
                params.add(p);
            }
            // a parameter without a gradient is skipped, as torch skips p.grad None
            params.add(Tensor.on(backend).dtype(dtype).zeros(2).requiresGrad(true));
            double limit = c.get("limit").asDouble();
            if (c.get("kind").asText().equals("norm")) {
                double norm = GradClip.byNorm(params, limit);
                compare(name + ": total norm", new double[] {expected.get("total_norm").asDouble()}, new double[] {norm});
            } else {
                GradClip.byValue(params, limit);
            }
            for (int i = 0; i < expected.get("grads").size(); i++) {
                compare(name + ": gradient " + i, doubles(expected.get("grads").get(i).get("data")),
                        params.get(i).grad().toDoubleArray());
            }
            assertNull(params.get(params.size() - 1).grad(), name + ": a missing gradient was created");
        }
    }

    // ---------------------------------------------------------------------------------- helpers

    /** The comparison must reject a relative error above 1e-5 and a NaN. */
    @Test
    void comparisonRejectsWrongValues() {
        assertThrowsAssertion(() -> compare("x", new double[] {1.0}, new double[] {1.0 + 3e-5}));
        assertThrowsAssertion(() -> compare("x", new double[] {0.0}, new double[] {Double.NaN}));
        assertThrowsAssertion(() -> compare("x", new double[] {0.0, 1.0}, new double[] {0.0}));
        compare("x", new double[] {1.0, 100.0}, new double[] {1.0 + 1e-6, 100.0 + 5e-4});
    }

    private static void assertThrowsAssertion(Runnable r) {
        boolean failed = false;
        try {
            r.run();
        } catch (AssertionError e) {
            failed = true;
        }
        assertTrue(failed, "comparison accepted a wrong value");
    }

    private static void compare(String name, double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, () -> name + ": number of values");
        int bad = 0;
        int worst = -1;
        double worstRatio = 0;
        for (int i = 0; i < expected.length; i++) {
            double allowed = TOLERANCE * (1 + Math.abs(expected[i]));
            double err = Math.abs(actual[i] - expected[i]);
            if (!(err <= allowed)) {
                bad++;
                double ratio = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err / allowed;
                if (worst < 0 || ratio > worstRatio) {
                    worst = i;
                    worstRatio = ratio;
                }
            }
        }
        if (bad > 0) {
            fail(String.format("%s: %d of %d values differ from torch by more than %g*(1+|expected|); worst at flat"
                            + " index %d: expected %s, actual %s (|diff| %s)", name, bad, expected.length, TOLERANCE,
                    worst, expected[worst], actual[worst], Math.abs(actual[worst] - expected[worst])));
        }
    }

    private static Tensor tensor(Backend backend, DType dtype, JsonNode input) {
        int[] shape = ints(input.get("shape"));
        double[] data = doubles(input.get("data"));
        if (dtype == DType.FLOAT64) {
            return Tensor.on(backend).of(data, shape);
        }
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) data[i];
        }
        return Tensor.on(backend).of(f, shape);
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }
}
