package dev.nabla.optim;

import static dev.nabla.testing.TorchParity.FLOAT_DTYPES;
import static dev.nabla.testing.TorchParity.assertClose;
import static dev.nabla.testing.TorchParity.assertTensor;
import static dev.nabla.testing.TorchParity.caseTests;
import static dev.nabla.testing.TorchParity.doubles;
import static dev.nabla.testing.TorchParity.perBackend;
import static dev.nabla.testing.TorchParity.perBackendAndDtype;
import static dev.nabla.testing.TorchParity.read;
import static dev.nabla.testing.TorchParity.referenceBackends;
import static dev.nabla.testing.TorchParity.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nabla.backend.Backend;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.MemoryScope;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
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
        JsonNode root = read(RESOURCE);
        for (String key : List.of("problem", "optimizers", "schedules", "clipping")) {
            if (root.get(key) == null) {
                throw new IOException(RESOURCE + ": no '" + key + "'");
            }
        }
        return root;
    }

    // ---------------------------------------------------------------------------------- optimizers

    @TestFactory
    Stream<DynamicNode> optimizersMatchTorch() throws IOException {
        JsonNode root = root();
        JsonNode problem = root.get("problem");
        return perBackendAndDtype(referenceBackends(), FLOAT_DTYPES, (backend, dtype) ->
                caseTests(root.get("optimizers"), c -> () -> checkOptimizer(backend, dtype, problem, c)));
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
                assertClose(at + ": loss before the step", expected.get("losses").get(s).asDouble(), loss.item(),
                        TOLERANCE);
                JsonNode params = expected.get("params").get(s);
                assertTensor(at + ": w", params.get(0), w, TOLERANCE);
                assertTensor(at + ": b", params.get(1), b, TOLERANCE);
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
                    assertTensor(name + ": state " + p + "." + f.getKey(), f.getValue(), t, TOLERANCE);
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
                assertClose(c.get("name").asText() + ": learning rate by epoch", doubles(rates), actual, TOLERANCE);
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
        return perBackend(referenceBackends(), backend -> {
            List<DynamicNode> tests = new ArrayList<>();
            for (DType dtype : FLOAT_DTYPES) {
                for (JsonNode c : root.get("clipping")) {
                    tests.add(DynamicTest.dynamicTest(dtype.shortName() + " " + c.get("name").asText(),
                            () -> checkClip(backend, dtype, c)));
                }
            }
            return tests;
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
                assertClose(name + ": total norm", expected.get("total_norm").asDouble(), norm, TOLERANCE);
            } else {
                GradClip.byValue(params, limit);
            }
            for (int i = 0; i < expected.get("grads").size(); i++) {
                assertTensor(name + ": gradient " + i, expected.get("grads").get(i), params.get(i).grad(), TOLERANCE);
            }
            assertNull(params.get(params.size() - 1).grad(), name + ": a missing gradient was created");
        }
    }

    // ---------------------------------------------------------------------------------- helpers

    /** The comparison must reject a relative error above 1e-5 and a NaN. */
    @Test
    void comparisonRejectsWrongValues() {
        assertThrowsAssertion(() -> assertClose("x", new double[] {1.0}, new double[] {1.0 + 3e-5}, TOLERANCE));
        assertThrowsAssertion(() -> assertClose("x", new double[] {0.0}, new double[] {Double.NaN}, TOLERANCE));
        assertThrowsAssertion(() -> assertClose("x", new double[] {0.0, 1.0}, new double[] {0.0}, TOLERANCE));
        assertClose("x", new double[] {1.0, 100.0}, new double[] {1.0 + 1e-6, 100.0 + 5e-4}, TOLERANCE);
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
}
