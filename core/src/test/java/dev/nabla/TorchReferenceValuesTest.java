package dev.nabla;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nabla.backend.Backend;
import dev.nabla.backend.PrimitivesOnly;
import dev.nabla.backend.reference.ReferenceBackend;
import dev.nabla.nn.Functional;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.MemoryScope;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Forward values of Nabla's ops against values PyTorch computed independently, in float64, on seeded
 * random inputs with odd and prime sizes and sizes of 1 (issue 2). The values are in
 * {@code src/test/resources/torch/forward_values.json}, written by
 * {@code src/test/python/make_torch_reference.py} (run it with {@code /usr/bin/python3}, which has
 * python3-torch 1.13). Each case runs on the reference backend (its fused kernels) and on
 * {@code PrimitivesOnly.of(reference)} (core's composites).
 *
 * <p>Tolerance: {@code |actual - expected| <= 1e-10 * (1 + |expected|)}. The two implementations
 * differ only in summation order and in how each elementary function is evaluated (a few ulps);
 * 1e-10 leaves room for that and still catches any wrong formula, index or window.
 */
class TorchReferenceValuesTest {
    private static final String RESOURCE = "/torch/forward_values.json";
    private static final double TOLERANCE = 1e-10;

    /** Every op the generator writes; a new op in the JSON without a case here fails {@link #everyOpIsHandled}. */
    private static final Set<String> OPS = Set.of("matmul", "conv2d", "conv1d", "max_pool2d", "avg_pool2d", "softmax",
            "log_softmax", "relu", "sigmoid", "tanh", "leaky_relu", "elu", "softplus", "gelu", "hardsigmoid", "step",
            "sign", "exp", "log", "sqrt", "erf", "abs", "cross_entropy");

    private static JsonNode cases() throws IOException {
        try (InputStream in = TorchReferenceValuesTest.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " is not on the test classpath");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            if (!root.isArray() || root.isEmpty()) {
                throw new IOException(RESOURCE + ": expected a non-empty array of cases");
            }
            return root;
        }
    }

    @TestFactory
    Stream<DynamicNode> matchesTorch() throws IOException {
        JsonNode cases = cases();
        Backend reference = new ReferenceBackend();
        Backend composites = PrimitivesOnly.of(reference);
        return Stream.of(reference, composites).map(backend -> {
            List<DynamicTest> tests = new ArrayList<>();
            for (JsonNode c : cases) {
                String name = c.get("name").asText();
                tests.add(DynamicTest.dynamicTest(name, () -> check(backend, c)));
            }
            return DynamicContainer.dynamicContainer(backend.name(), tests);
        });
    }

    @Test
    void everyOpIsHandled() throws IOException {
        Set<String> names = new HashSet<>();
        for (JsonNode c : cases()) {
            String op = c.get("op").asText();
            assertTrue(OPS.contains(op), "no Nabla op for torch op '" + op + "' (case " + c.get("name").asText() + ")");
            assertTrue(names.add(c.get("name").asText()), "duplicate case name " + c.get("name").asText());
        }
        assertTrue(names.size() >= 50, "only " + names.size() + " cases in " + RESOURCE);
    }

    /** The comparison itself must reject a wrong value, a wrong shape and a NaN. */
    @Test
    void comparisonRejectsWrongValues() {
        double[] expected = {1.0, -2.5, 1e6, 0.0};
        assertFalse(close(new double[] {1.0, -2.5, 1e6 + 1e-3, 0.0}, expected));
        assertFalse(close(new double[] {1.0, -2.5, 1e6, 1e-9}, expected));
        assertFalse(close(new double[] {1.0, -2.5, 1e6, Double.NaN}, expected));
        assertTrue(close(new double[] {1.0 + 1e-13, -2.5, 1e6 + 1e-5, 1e-12}, expected));
    }

    private static boolean close(double[] actual, double[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= TOLERANCE * (1 + Math.abs(expected[i])))) {
                return false;
            }
        }
        return true;
    }

    private static void check(Backend backend, JsonNode c) {
        String name = backend.name() + " " + c.get("name").asText();
        try (MemoryScope scope = MemoryScope.open()) {
            List<Tensor> in = new ArrayList<>();
            for (JsonNode input : c.get("inputs")) {
                in.add(tensor(backend, input));
            }
            Tensor out = run(c.get("op").asText(), c.get("params"), in);
            JsonNode expected = c.get("output");
            int[] expectedShape = ints(expected.get("shape"));
            assertArrayEquals(expectedShape, out.shape(), () -> name + ": shape");
            assertEquals(DType.FLOAT64, out.dtype(), () -> name + ": dtype");
            compare(name, doubles(expected.get("data")), out.toDoubleArray());
        }
    }

    private static Tensor run(String op, JsonNode p, List<Tensor> in) {
        Tensor x = in.get(0);
        return switch (op) {
            case "matmul" -> x.matmul(in.get(1));
            case "conv2d" -> Functional.conv2d(x, in.get(1), p.get("bias").asBoolean() ? in.get(2) : null,
                    ints(p.get("stride")), ints(p.get("padding")), ints(p.get("dilation")), p.get("groups").asInt());
            case "conv1d" -> Functional.conv1d(x, in.get(1), p.get("bias").asBoolean() ? in.get(2) : null,
                    p.get("stride").asInt(), p.get("padding").asInt(), p.get("dilation").asInt(), p.get("groups").asInt());
            case "max_pool2d" -> Functional.maxPool2d(x, ints(p.get("kernel")), ints(p.get("stride")),
                    ints(p.get("padding")), ints(p.get("dilation")));
            case "avg_pool2d" -> Functional.avgPool2d(x, ints(p.get("kernel")), ints(p.get("stride")),
                    ints(p.get("padding")), p.get("count_include_pad").asBoolean());
            case "softmax" -> Functional.softmax(x, p.get("dim").asInt());
            case "log_softmax" -> Functional.logSoftmax(x, p.get("dim").asInt());
            case "relu" -> x.relu();
            case "sigmoid" -> x.sigmoid();
            case "tanh" -> x.tanh();
            case "leaky_relu" -> x.leakyRelu(p.get("alpha").asDouble());
            case "elu" -> x.elu(p.get("alpha").asDouble());
            case "softplus" -> x.softplus();
            case "gelu" -> Functional.gelu(x);
            case "hardsigmoid" -> Functional.hardSigmoid(x);
            case "step" -> x.step();
            case "sign" -> x.sign();
            case "exp" -> x.exp();
            case "log" -> x.log();
            case "sqrt" -> x.sqrt();
            case "erf" -> x.erf();
            case "abs" -> x.abs();
            case "cross_entropy" -> {
                if (!"mean".equals(p.get("reduction").asText())) {
                    throw new IllegalArgumentException("cross_entropy: reduction " + p.get("reduction"));
                }
                yield Functional.crossEntropy(x, in.get(1));
            }
            default -> throw new IllegalArgumentException("no Nabla op for torch op '" + op + "'");
        };
    }

    private static void compare(String name, double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, () -> name + ": number of values");
        int bad = 0;
        int worst = -1;
        double worstRatio = 0;
        for (int i = 0; i < expected.length; i++) {
            double allowed = TOLERANCE * (1 + Math.abs(expected[i]));
            double err = Math.abs(actual[i] - expected[i]);
            if (!(err <= allowed)) {                      // NaN fails too
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

    private static Tensor tensor(Backend backend, JsonNode input) {
        int[] shape = ints(input.get("shape"));
        String dtype = input.get("dtype").asText();
        return switch (dtype) {
            case "float64" -> Tensor.on(backend).dtype(DType.FLOAT64).of(doubles(input.get("data")), shape);
            case "int64" -> {
                JsonNode data = input.get("data");
                long[] values = new long[data.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = data.get(i).asLong();
                }
                yield Tensor.on(backend).of(values, shape);
            }
            default -> throw new IllegalArgumentException("unsupported dtype " + dtype);
        };
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
