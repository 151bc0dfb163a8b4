package dev.nabla.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nabla.backend.Backend;
import dev.nabla.backend.PrimitivesOnly;
import dev.nabla.backend.reference.ReferenceBackend;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;

/**
 * What the PyTorch parity tests share: reading the reference values that the generators in
 * {@code src/test/python} write under {@code src/test/resources/torch}, decoding their tensors, comparing
 * Nabla's values with torch's, and the dynamic test tree of backends, dtypes and cases. Public and in
 * core's test-jar, so that a backend module can run the same cases on its own backend.
 *
 * <p>A tensor in those files is {@code {"shape": [...], "dtype": "float64"|"float32"|"int64", "data": [...]}}
 * with the data flattened in row-major order and floats written exactly.
 *
 * <p>Values agree when {@code |actual - expected| <= tolerance * (1 + |expected|)}; a NaN never agrees.
 */
public final class TorchParity {
    /** The floating dtypes the training references are computed in, float64 first. */
    public static final List<DType> FLOAT_DTYPES = List.of(DType.FLOAT64, DType.FLOAT32);

    private TorchParity() {
    }

    // ---------------------------------------------------------------------------------- reading

    /** The JSON document at {@code resource} (e.g. {@code /torch/losses.json}) on the test classpath. */
    public static JsonNode read(String resource) throws IOException {
        try (InputStream in = TorchParity.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is not on the test classpath");
            }
            return new ObjectMapper().readTree(in);
        }
    }

    /** The document at {@code resource}, which must be a non-empty array of cases. */
    public static JsonNode readCases(String resource) throws IOException {
        JsonNode root = read(resource);
        if (!root.isArray() || root.isEmpty()) {
            throw new IOException(resource + ": expected a non-empty array of cases");
        }
        return root;
    }

    public static int[] ints(JsonNode array) {
        return elements(array).mapToInt(JsonNode::asInt).toArray();
    }

    public static long[] longs(JsonNode array) {
        return elements(array).mapToLong(JsonNode::asLong).toArray();
    }

    public static double[] doubles(JsonNode array) {
        return elements(array).mapToDouble(JsonNode::asDouble).toArray();
    }

    private static Stream<JsonNode> elements(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    /** A tensor on {@code backend} in the dtype it is stored in: float64, float32 or int64. */
    public static Tensor tensor(Backend backend, JsonNode t) {
        String stored = t.get("dtype").asText();
        return switch (stored) {
            case "float64" -> tensor(backend, DType.FLOAT64, t);
            case "float32" -> tensor(backend, DType.FLOAT32, t);
            case "int64" -> tensor(backend, DType.INT64, t);
            default -> throw new IllegalArgumentException("unsupported stored dtype " + stored);
        };
    }

    /**
     * A stored floating tensor (float64 or float32) as {@code dtype} (float64 values rounded to float32 as
     * torch's {@code .to(torch.float32)} and Java's {@code (float)} do), or a stored int64 one as is.
     */
    public static Tensor tensor(Backend backend, DType dtype, JsonNode t) {
        int[] shape = ints(t.get("shape"));
        String stored = t.get("dtype").asText();
        JsonNode data = t.get("data");
        if (stored.equals("int64")) {
            return Tensor.on(backend).of(longs(data), shape);
        }
        if (!stored.equals("float64") && !stored.equals("float32")) {
            throw new IllegalArgumentException("unsupported stored dtype " + stored);
        }
        double[] values = doubles(data);
        return switch (dtype) {
            case FLOAT64 -> Tensor.on(backend).of(values, shape);
            case FLOAT32 -> {
                float[] f = new float[values.length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) values[i];
                }
                yield Tensor.on(backend).of(f, shape);
            }
            default -> throw new IllegalArgumentException("a stored " + stored + " tensor as " + dtype.shortName());
        };
    }

    // ---------------------------------------------------------------------------------- comparing

    /** {@code |actual - expected| <= tolerance * (1 + |expected|)}; false for a NaN. */
    public static boolean close(double actual, double expected, double tolerance) {
        return Math.abs(actual - expected) <= tolerance * (1 + Math.abs(expected));
    }

    /**
     * Fails unless every value is {@link #close}, naming {@code name} (the backend, dtype and case), how many
     * values differ and the worst one (its flat index, expected and actual value).
     */
    public static void assertClose(String name, double[] expected, double[] actual, double tolerance) {
        assertEquals(expected.length, actual.length, () -> name + ": number of values");
        int bad = 0;
        int worst = -1;
        double worstRatio = 0;
        for (int i = 0; i < expected.length; i++) {
            if (!close(actual[i], expected[i], tolerance)) {
                bad++;
                double err = Math.abs(actual[i] - expected[i]);
                double ratio = Double.isNaN(err) ? Double.POSITIVE_INFINITY
                        : err / (tolerance * (1 + Math.abs(expected[i])));
                if (worst < 0 || ratio > worstRatio) {
                    worst = i;
                    worstRatio = ratio;
                }
            }
        }
        if (bad > 0) {
            fail(String.format("%s: %d of %d values differ from torch by more than %g*(1+|expected|); worst at flat"
                            + " index %d: expected %s, actual %s (|diff| %s)", name, bad, expected.length, tolerance,
                    worst, expected[worst], actual[worst], Math.abs(actual[worst] - expected[worst])));
        }
    }

    /** {@link #assertClose(String, double[], double[], double)} for one value. */
    public static void assertClose(String name, double expected, double actual, double tolerance) {
        assertClose(name, new double[] {expected}, new double[] {actual}, tolerance);
    }

    /** Fails unless {@code actual} exists, has the stored tensor's shape and values close to its values. */
    public static void assertTensor(String name, JsonNode expected, Tensor actual, double tolerance) {
        assertNotNull(actual, name + ": missing");
        assertArrayEquals(ints(expected.get("shape")), actual.shape(), () -> name + ": shape");
        assertClose(name, doubles(expected.get("data")), actual.toDoubleArray(), tolerance);
    }

    // ---------------------------------------------------------------------------------- test tree

    /**
     * The backends core's parity tests run on: the reference backend (its fused kernels) and
     * {@code PrimitivesOnly.of(reference)} (core's composites).
     */
    public static List<Backend> referenceBackends() {
        Backend reference = new ReferenceBackend();
        return List.of(reference, PrimitivesOnly.of(reference));
    }

    /** One test per case, named by its {@code "name"}, running {@code check.apply(case)}. */
    public static List<DynamicNode> caseTests(JsonNode cases, Function<JsonNode, Executable> check) {
        List<DynamicNode> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), check.apply(c)));
        }
        return tests;
    }

    /** A container per backend, named by {@link Backend#name()}, holding {@code tests.apply(backend)}. */
    public static Stream<DynamicNode> perBackend(List<Backend> backends,
            Function<Backend, List<DynamicNode>> tests) {
        return backends.stream().map(b -> DynamicContainer.dynamicContainer(b.name(), tests.apply(b)));
    }

    /**
     * A container per backend holding one per dtype, named by {@link DType#shortName()}, holding
     * {@code tests.apply(backend, dtype)}.
     */
    public static Stream<DynamicNode> perBackendAndDtype(List<Backend> backends, List<DType> dtypes,
            BiFunction<Backend, DType, List<DynamicNode>> tests) {
        return perBackend(backends, b -> dtypes.stream()
                .map(d -> (DynamicNode) DynamicContainer.dynamicContainer(d.shortName(), tests.apply(b, d)))
                .toList());
    }
}
