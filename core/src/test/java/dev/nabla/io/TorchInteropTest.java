package dev.nabla.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nabla.autodiff.GradMode;
import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.backend.PrimitivesOnly;
import dev.nabla.backend.reference.ReferenceBackend;
import dev.nabla.nn.Activation;
import dev.nabla.nn.BatchNorm;
import dev.nabla.nn.Conv2d;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Losses;
import dev.nabla.nn.Module;
import dev.nabla.nn.Pooling;
import dev.nabla.nn.Reduction;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.TestFactory;

/**
 * Weights saved by PyTorch 1.13 load into the equivalent Nabla model and give torch's outputs
 * (issue 3). The fixtures in {@code src/test/resources/torch/interop_*.safetensors} (a torch
 * {@code state_dict} in the safetensors format) and {@code interop_*.json} (torch's outputs) are
 * written by {@code src/test/python/make_torch_state_dicts.py} (run it with {@code /usr/bin/python3}).
 *
 * <ul>
 *   <li>{@code interop_mlp}: {@code nn.Sequential(Linear(20, 16), ReLU(), Linear(16, 5))};</li>
 *   <li>{@code interop_cnn}: {@code nn.Sequential(Conv2d(1, 4, 3, padding=1), BatchNorm2d(4), ReLU(),
 *       MaxPool2d(2), Flatten(), Linear(64, 3))} after 5 SGD steps in torch, so its running statistics
 *       and {@code num_batches_tracked} (an int64 scalar) are not the initial ones.</li>
 * </ul>
 *
 * For each, on the reference backend and on {@code PrimitivesOnly.of(reference)}: the eval-mode
 * output; one training-mode forward, cross-entropy and backward of a freshly loaded copy (output,
 * loss, every parameter's gradient, the buffers batch norm leaves); and Nabla writing the loaded
 * model back, which must give torch's tensors and header entries.
 *
 * <p>Tolerance: {@code |actual - expected| <= 1e-5 * (1 + |expected|)}.
 */
class TorchInteropTest {
    private static final double TOLERANCE = 1e-5;

    @TempDir
    Path temp;

    private record Fixture(String stem, Supplier<Module> model) {
    }

    private static final List<Fixture> FIXTURES = List.of(
            new Fixture("interop_mlp", () -> new Sequential(new Linear(20, 16), new Activation.ReLU(), new Linear(16, 5))),
            new Fixture("interop_cnn", () -> new Sequential(new Conv2d(1, 4, 3, 1, 1), BatchNorm.d2(4),
                    new Activation.ReLU(), new Pooling.MaxPool2d(2), new Pooling.Flatten(), new Linear(64, 3))));

    @TestFactory
    Stream<DynamicNode> torchModelsLoadAndMatch() {
        Backend reference = new ReferenceBackend();
        return Stream.of(reference, PrimitivesOnly.of(reference)).map(backend -> {
            List<DynamicTest> tests = new ArrayList<>();
            for (Fixture f : FIXTURES) {
                tests.add(DynamicTest.dynamicTest(f.stem() + " eval output", () -> checkEval(backend, f)));
                tests.add(DynamicTest.dynamicTest(f.stem() + " training step", () -> checkTraining(backend, f)));
                tests.add(DynamicTest.dynamicTest(f.stem() + " written back by Nabla", () -> checkWriteBack(backend, f)));
            }
            return DynamicContainer.dynamicContainer(backend.name(), tests);
        });
    }

    private static Path resource(String name) throws URISyntaxException {
        URL url = TorchInteropTest.class.getResource("/torch/" + name);
        assertNotNull(url, "/torch/" + name + " is not on the test classpath");
        return Path.of(url.toURI());
    }

    private static JsonNode json(String stem) throws IOException {
        try (InputStream in = TorchInteropTest.class.getResourceAsStream("/torch/" + stem + ".json")) {
            if (in == null) {
                throw new IOException("/torch/" + stem + ".json is not on the test classpath");
            }
            return new ObjectMapper().readTree(in);
        }
    }

    /** The Nabla model with the torch weights, built on {@code backend}. */
    private static Module load(Backend backend, Fixture f, JsonNode doc) throws Exception {
        Module model;
        try (Backends.Scope use = Backends.use(backend)) {
            model = f.model().get();
        }
        Map<String, Tensor> state = Safetensors.read(resource(doc.get("file").asText()), backend);
        List<String> keys = new ArrayList<>();
        doc.get("keys").forEach(k -> keys.add(k.asText()));
        assertEquals(keys, new ArrayList<>(state.keySet()), "tensors in the file, in order");
        assertEquals(keys, new ArrayList<>(model.stateDict().keySet()), "Nabla's state_dict names are torch's");
        model.loadStateDict(state, true);
        // every loaded tensor holds the file's values, in the model's dtype
        Map<String, Tensor> own = model.stateDict();
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            Tensor t = own.get(e.getKey());
            assertArrayEquals(e.getValue().shape(), t.shape(), e.getKey());
            assertArrayEquals(e.getValue().toDoubleArray(), t.toDoubleArray(), 0.0, e.getKey() + " was not loaded");
        }
        return model;
    }

    private static void checkEval(Backend backend, Fixture f) throws Exception {
        JsonNode doc = json(f.stem());
        Module model = load(backend, f, doc);
        if (f.stem().equals("interop_cnn")) {
            Map<String, Tensor> state = model.stateDict();
            assertEquals(DType.INT64, state.get("1.num_batches_tracked").dtype());
            assertEquals(5, (long) state.get("1.num_batches_tracked").item(), "num_batches_tracked");
            assertTrue(Arrays.stream(state.get("1.running_var").toDoubleArray()).noneMatch(v -> v == 1.0),
                    "running_var still at its initial value");
        }
        model.eval();
        JsonNode eval = doc.get("eval");
        Tensor out;
        try (GradMode.Scope off = GradMode.noGrad()) {
            out = model.call(tensor(backend, eval.get("input")));
        }
        compare(backend.name() + " " + f.stem() + ": eval output", eval.get("output"), out);
    }

    private static void checkTraining(Backend backend, Fixture f) throws Exception {
        JsonNode doc = json(f.stem());
        Module model = load(backend, f, doc);
        model.train();
        JsonNode train = doc.get("train");
        String name = backend.name() + " " + f.stem() + " training step";
        Tensor out = model.call(tensor(backend, train.get("input")));
        compare(name + ": output", train.get("output"), out);
        Tensor loss = Losses.crossEntropy(out, tensor(backend, train.get("labels")), Reduction.MEAN);
        compare(name + ": loss", new double[] {train.get("loss").asDouble()}, new double[] {loss.item()});
        loss.backward();
        Map<String, Tensor> params = model.namedParameters();
        var grads = train.get("grads").fields();
        int count = 0;
        while (grads.hasNext()) {
            var g = grads.next();
            Tensor p = params.get(g.getKey());
            assertNotNull(p, name + ": no parameter " + g.getKey());
            assertNotNull(p.grad(), name + ": no gradient for " + g.getKey());
            compare(name + ": gradient of " + g.getKey(), g.getValue(), p.grad());
            count++;
        }
        assertEquals(params.size(), count, name + ": parameters");
        Map<String, Tensor> state = model.stateDict();
        var buffers = train.get("buffers_after").fields();
        while (buffers.hasNext()) {
            var b = buffers.next();
            compare(name + ": buffer " + b.getKey() + " after the step", b.getValue(), state.get(b.getKey()));
        }
    }

    /**
     * Nabla writes the loaded model: the header must describe the same tensors as torch's file (same
     * names, order, dtypes, shapes, offsets) and the data bytes must be torch's, bit for bit.
     */
    private void checkWriteBack(Backend backend, Fixture f) throws Exception {
        JsonNode doc = json(f.stem());
        Module model = load(backend, f, doc);
        Path torchFile = resource(doc.get("file").asText());
        Map<String, String> metadata = Safetensors.metadata(torchFile);
        Path nablaFile = temp.resolve(backend.name() + "-" + f.stem() + ".safetensors");
        Safetensors.write(nablaFile, model.stateDict(), metadata);
        byte[] expected = Files.readAllBytes(torchFile);
        byte[] actual = Files.readAllBytes(nablaFile);
        ObjectMapper json = new ObjectMapper();
        JsonNode expectedHeader = json.readTree(header(expected));
        JsonNode actualHeader = json.readTree(header(actual));
        assertEquals(expectedHeader, actualHeader, "header of the file Nabla wrote");
        assertEquals(new ArrayList<>(iterable(expectedHeader)), new ArrayList<>(iterable(actualHeader)), "order of the header entries");
        assertArrayEquals(Arrays.copyOfRange(expected, 8 + (int) headerLength(expected), expected.length),
                Arrays.copyOfRange(actual, 8 + (int) headerLength(actual), actual.length), "data bytes");
        assertEquals(metadata, Safetensors.metadata(nablaFile));
    }

    private static List<String> iterable(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static long headerLength(byte[] file) {
        return ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static String header(byte[] file) {
        return new String(file, 8, (int) headerLength(file), StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------------------------- helpers

    private static void compare(String name, JsonNode expected, Tensor actual) {
        assertNotNull(actual, name + ": missing");
        int[] shape = new int[expected.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = expected.get("shape").get(i).asInt();
        }
        assertArrayEquals(shape, actual.shape(), name + ": shape");
        double[] values = new double[expected.get("data").size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = expected.get("data").get(i).asDouble();
        }
        compare(name, values, actual.toDoubleArray());
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

    /** A tensor from the JSON: float32 (exact in JSON), float64 or int64. */
    private static Tensor tensor(Backend backend, JsonNode t) {
        int[] shape = new int[t.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = t.get("shape").get(i).asInt();
        }
        JsonNode data = t.get("data");
        return switch (t.get("dtype").asText()) {
            case "float32" -> {
                float[] v = new float[data.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) data.get(i).asDouble();
                }
                yield Tensor.on(backend).of(v, shape);
            }
            case "float64" -> {
                double[] v = new double[data.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = data.get(i).asDouble();
                }
                yield Tensor.on(backend).of(v, shape);
            }
            case "int64" -> {
                long[] v = new long[data.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = data.get(i).asLong();
                }
                yield Tensor.on(backend).of(v, shape);
            }
            default -> throw new IllegalArgumentException("dtype " + t.get("dtype"));
        };
    }
}
