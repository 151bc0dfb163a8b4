package dev.nabla.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.backend.PrimitivesOnly;
import dev.nabla.backend.reference.ReferenceBackend;
import dev.nabla.nn.Activation;
import dev.nabla.nn.BatchNorm;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.TensorFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safetensors reader and writer ({@link Safetensors}) against the format's definition, and
 * {@link Module#loadStateDict}'s checks (issue 3):
 *
 * <ul>
 *   <li>round trips of all four dtypes, scalars (shape {@code []}), empty tensors and special float
 *       values, bit for bit, with metadata;</li>
 *   <li>the bytes Nabla writes: an 8-byte little-endian header length N, N bytes of a UTF-8 JSON
 *       object (trailing spaces allowed) whose entries have {@code dtype}, {@code shape} and
 *       {@code data_offsets} that tile the data without gaps or overlaps from 0 to its end, and the
 *       values in little-endian order;</li>
 *   <li>corrupt and truncated files: an {@link IOException} whose message names the file and the
 *       problem;</li>
 *   <li>{@code loadStateDict}: missing and unexpected keys, shape and dtype-kind mismatches reported by
 *       name, all of them in one message, and the model left unchanged.</li>
 * </ul>
 */
class SafetensorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final Backend backend = new ReferenceBackend();

    /** One tensor of every dtype, scalars and empty tensors, in a deliberately unsorted key order. */
    private Map<String, Tensor> sample(Backend b) {
        TensorFactory f = Tensor.on(b);
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("z.float32", f.of(new float[] {1.5f, -2.25f, 3e-39f, Float.MAX_VALUE, -0.0f, 7f}, 2, 3));
        m.put("a.float64", f.of(new double[] {Math.PI, -1e-300, Double.MIN_VALUE, 1e300}, 4));
        m.put("m.int32", f.of(new int[] {Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE, 42}, 3, 1, 2));
        m.put("b.int64", f.of(new long[] {Long.MIN_VALUE, -7, Long.MAX_VALUE, 1L << 40}, 2, 2));
        m.put("scalar.float32", f.of(new float[] {0.1f}));
        m.put("scalar.float64", f.of(new double[] {-2.5}));
        m.put("scalar.int32", f.of(new int[] {-3}));
        m.put("scalar.int64", f.of(new long[] {5}));
        m.put("empty.float32", f.dtype(DType.FLOAT32).zeros(0));
        m.put("empty.float64", f.dtype(DType.FLOAT64).zeros(2, 0, 3));
        m.put("empty.int32", f.dtype(DType.INT32).zeros(0, 4));
        m.put("empty.int64", f.dtype(DType.INT64).zeros(3, 0));
        m.put("specials.float32", f.of(new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                Float.MIN_VALUE}, 4));
        m.put("specials.float64", f.of(new double[] {Double.NaN, Double.NEGATIVE_INFINITY, -0.0, Double.MAX_VALUE}, 2, 2));
        return m;
    }

    // ---------------------------------------------------------------------------------- round trips

    @Test
    void roundTripsEveryDtypeScalarsAndEmptyTensorsBitForBit() throws IOException {
        for (Backend b : List.of(backend, PrimitivesOnly.of(backend))) {
            Map<String, Tensor> written = sample(b);
            Path file = dir.resolve("all-" + b.name() + ".safetensors");
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("format", "pt");
            metadata.put("note", "ünïcödé, \"quotes\" and \\ backslash");
            Safetensors.write(file, written, metadata);
            Map<String, Tensor> read = Safetensors.read(file, b);
            assertEquals(new ArrayList<>(written.keySet()), new ArrayList<>(read.keySet()), "names, in order");
            for (String name : written.keySet()) {
                Tensor w = written.get(name);
                Tensor r = read.get(name);
                assertEquals(w.dtype(), r.dtype(), name + ": dtype");
                assertArrayEquals(w.shape(), r.shape(), name + ": shape");
                assertEquals(b, r.backend(), name + ": backend");
                assertArrayEquals(bits(w), bits(r), name + ": values");
            }
            assertEquals(metadata, Safetensors.metadata(file));
        }
    }

    @Test
    void writesNoMetadataEntryWithoutMetadataAndReadsItAsEmpty() throws IOException {
        Map<String, Tensor> one = Map.of("w", Tensor.on(backend).of(new float[] {1, 2}, 2));
        for (Map<String, String> none : Arrays.asList(null, Map.<String, String>of())) {
            Path file = dir.resolve("plain.safetensors");
            Safetensors.write(file, one, none);
            JsonNode header = JSON.readTree(headerText(Files.readAllBytes(file)));
            assertFalse(header.has("__metadata__"), "header " + header);
            assertEquals(Map.of(), Safetensors.metadata(file));
        }
    }

    @Test
    void overwritesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("over.safetensors");
        Safetensors.write(file, sample(backend), null);
        Map<String, Tensor> second = Map.of("only", Tensor.on(backend).of(new double[] {9}, 1));
        Safetensors.write(file, second, null);
        Map<String, Tensor> read = Safetensors.read(file, backend);
        assertEquals(List.of("only"), new ArrayList<>(read.keySet()));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "temporary files left behind");
        }
    }

    @Test
    void writesAnEmptyFileOfNoTensors() throws IOException {
        Path file = dir.resolve("none.safetensors");
        Safetensors.write(file, Map.of(), Map.of("k", "v"));
        assertEquals(Map.of(), Safetensors.read(file, backend));
        assertEquals(Map.of("k", "v"), Safetensors.metadata(file));
    }

    // ---------------------------------------------------------------------------------- the bytes

    @Test
    void writtenBytesFollowTheFormat() throws IOException {
        Map<String, Tensor> tensors = sample(backend);
        Path file = dir.resolve("layout.safetensors");
        Safetensors.write(file, tensors, Map.of("format", "pt"));
        byte[] bytes = Files.readAllBytes(file);

        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertTrue(n >= 2 && 8 + n <= bytes.length, "header length " + n + " of a file of " + bytes.length);
        assertEquals(0, (8 + n) % 8, "data start is 8-byte aligned (the reference writer pads the header)");
        String headerText = headerText(bytes);
        assertEquals('{', headerText.charAt(0), "header starts with '{'");
        String trimmed = headerText.stripTrailing();
        assertTrue(trimmed.endsWith("}") && headerText.substring(trimmed.length()).chars().allMatch(c -> c == ' '),
                "header padding must be spaces only: '" + headerText.substring(trimmed.length()) + "'");
        assertTrue(StandardCharsets.UTF_8.newEncoder().canEncode(headerText));
        JsonNode header = JSON.readTree(headerText);
        assertTrue(header.isObject());

        assertEquals("pt", header.get("__metadata__").get("format").asText());
        assertTrue(header.get("__metadata__").get("format").isTextual(), "metadata values are strings");

        long dataLength = bytes.length - 8 - n;
        List<long[]> ranges = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            names.add(e.getKey());
            Tensor t = tensors.get(e.getKey());
            JsonNode entry = e.getValue();
            assertEquals(3, entry.size(), e.getKey() + ": only dtype, shape, data_offsets: " + entry);
            String code = switch (t.dtype()) {
                case FLOAT32 -> "F32";
                case FLOAT64 -> "F64";
                case INT32 -> "I32";
                case INT64 -> "I64";
            };
            assertEquals(code, entry.get("dtype").asText(), e.getKey() + ": dtype");
            int[] shape = new int[entry.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                assertTrue(entry.get("shape").get(i).isIntegralNumber(), e.getKey() + ": shape of integers");
                shape[i] = entry.get("shape").get(i).asInt();
            }
            assertArrayEquals(t.shape(), shape, e.getKey() + ": shape (a scalar is [])");
            JsonNode offsets = entry.get("data_offsets");
            assertEquals(2, offsets.size());
            long begin = offsets.get(0).asLong();
            long end = offsets.get(1).asLong();
            assertEquals(t.numel() * t.dtype().byteSize(), end - begin, e.getKey() + ": byte count");
            ranges.add(new long[] {begin, end});
            // the values, little-endian, at data start + begin
            ByteBuffer data = ByteBuffer.wrap(bytes, (int) (8 + n + begin), (int) (end - begin)).slice()
                    .order(ByteOrder.LITTLE_ENDIAN);
            long[] expected = bits(t);
            for (int i = 0; i < expected.length; i++) {
                long actual = switch (t.dtype()) {
                    case FLOAT32, INT32 -> data.getInt(i * 4);
                    case FLOAT64, INT64 -> data.getLong(i * 8);
                };
                assertEquals(expected[i], actual, e.getKey() + "[" + i + "] in little-endian order");
            }
        }
        assertEquals(new ArrayList<>(tensors.keySet()), names, "every tensor, in the map's order");
        // offsets tile [0, dataLength): sorted by begin, each starts where the previous ended
        ranges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        long at = 0;
        for (long[] r : ranges) {
            assertEquals(at, r[0], "data_offsets leave a gap or overlap at byte " + at);
            at = r[1];
        }
        assertEquals(dataLength, at, "the data section is exactly the tensors' bytes");
    }

    @Test
    void knownBytesForATinyFile() throws IOException {
        Path file = dir.resolve("tiny.safetensors");
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("x", Tensor.on(backend).of(new float[] {1.5f, -2f}, 2));
        m.put("n", Tensor.on(backend).of(new long[] {258}));
        Safetensors.write(file, m, null);
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        JsonNode header = JSON.readTree(headerText(bytes));
        assertEquals(JSON.readTree("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[8,16]}}"), header);
        byte[] data = Arrays.copyOfRange(bytes, (int) (8 + n), bytes.length);
        assertArrayEquals(new byte[] {0, 0, (byte) 0xC0, 0x3F, 0, 0, 0, (byte) 0xC0, 2, 1, 0, 0, 0, 0, 0, 0}, data);
    }

    // ---------------------------------------------------------------------------------- corrupt files

    /** A valid file's bytes: header {@code json}, then {@code dataBytes} bytes of data. */
    private static byte[] file(String json, int dataBytes) {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        return b.array();
    }

    private IOException readFails(String name, byte[] bytes, String... expectedInMessage) throws IOException {
        Path file = dir.resolve(name + ".safetensors");
        Files.write(file, bytes);
        IOException e = assertThrows(IOException.class, () -> Safetensors.read(file, backend), name);
        String message = e.getMessage();
        assertTrue(message != null && message.contains(file.toString()), name + ": message does not name the file: " + message);
        for (String part : expectedInMessage) {
            assertTrue(message.contains(part), name + ": message does not say '" + part + "': " + message);
        }
        return e;
    }

    @Test
    void corruptAndTruncatedFilesAreReportedWithTheFileAndTheProblem() throws IOException {
        String good = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}}";
        readFails("empty", new byte[0], "0 bytes", "header length");
        readFails("five_bytes", new byte[5], "5 bytes");
        byte[] tooLong = file(good, 24);
        ByteBuffer.wrap(tooLong).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1000);
        readFails("header_longer_than_file", tooLong, "header length 1000");
        byte[] huge = file(good, 24);
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, Long.MAX_VALUE);
        readFails("header_length_huge", huge, "header length");
        byte[] negative = file(good, 24);
        ByteBuffer.wrap(negative).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -8);
        readFails("header_length_negative", negative, "header length");
        readFails("header_not_json", file("{\"w\": [1, 2", 0), "not valid JSON");
        readFails("header_array", file("[1, 2, 3]", 0), "not a JSON object");
        readFails("truncated_data", Arrays.copyOf(file(good, 24), 8 + good.length() + 20), "'w'", "truncated");
        readFails("no_dtype", file("{\"w\":{\"shape\":[2],\"data_offsets\":[0,8]}}", 8), "'w'", "dtype");
        readFails("no_offsets", file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2]}}", 8), "'w'", "data_offsets");
        readFails("one_offset", file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8]}}", 8), "'w'");
        readFails("unsupported_dtype", file("{\"h\":{\"dtype\":\"BF16\",\"shape\":[4],\"data_offsets\":[0,8]}}", 8),
                "'h'", "BF16");
        readFails("size_mismatch", file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", 20),
                "'w'", "needs 24 bytes", "20");
        readFails("negative_size", file("{\"w\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8),
                "'w'", "-2");
        readFails("reversed_offsets", file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}", 8),
                "'w'", "data_offsets");
        readFails("negative_offset", file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-4,0]}}", 8),
                "'w'", "data_offsets");
        // a real file cut short by one byte, and its header cut in the middle
        Path whole = dir.resolve("whole.safetensors");
        Safetensors.write(whole, sample(backend), Map.of("format", "pt"));
        byte[] bytes = Files.readAllBytes(whole);
        readFails("one_byte_short", Arrays.copyOf(bytes, bytes.length - 1), "truncated");
        readFails("header_cut", Arrays.copyOf(bytes, 40), "header length");
    }

    @Test
    void missingFileIsReportedWithItsName() {
        Path missing = dir.resolve("does-not-exist.safetensors");
        IOException e = assertThrows(IOException.class, () -> Safetensors.read(missing, backend));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("no such file"), e.getMessage());
        IOException m = assertThrows(IOException.class, () -> Safetensors.metadata(missing));
        assertTrue(m.getMessage().contains(missing.toString()), m.getMessage());
    }

    @Test
    void metadataOfACorruptFileIsReportedWithTheFile() throws IOException {
        byte[] tooLong = file("{}", 0);
        ByteBuffer.wrap(tooLong).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1);
        for (Map.Entry<String, byte[]> c : Map.of("m_empty", new byte[0], "m_three_bytes", new byte[3],
                "m_header_length", tooLong).entrySet()) {
            Path file = dir.resolve(c.getKey() + ".safetensors");
            Files.write(file, c.getValue());
            IOException e = assertThrows(IOException.class, () -> Safetensors.metadata(file), c.getKey());
            assertTrue(e.getMessage().contains(file.toString()), c.getKey() + ": " + e.getMessage());
        }
    }

    @Test
    void metadataOfAFileWithABrokenHeaderNamesTheFile() throws Exception {
        byte[] cut = file("{\"__metadata__\":{\"format\":\"pt\"}}", 0);
        Map<String, byte[]> cases = new LinkedHashMap<>();
        cases.put("m_not_json", file("{\"w\": [1, 2", 0));
        cases.put("m_header_cut", Arrays.copyOf(cut, 20));
        cases.put("m_array", file("[1, 2]", 0));
        for (Map.Entry<String, byte[]> c : cases.entrySet()) {
            Path file = dir.resolve(c.getKey() + ".safetensors");
            Files.write(file, c.getValue());
            IOException e = assertThrows(IOException.class, () -> Safetensors.metadata(file), c.getKey());
            assertTrue(e.getMessage().contains(file.toString()), c.getKey() + ": " + e.getMessage());
        }
    }

    @Test
    void dataOffsetsMustTileTheDataWithoutHolesOverlapsOrTrailingBytes() throws Exception {
        // The format: "The byte buffer needs to be entirely indexed, and cannot contain holes. This prevents the
        // creation of polyglot files." The reference reader rejects these (InvalidOffset / MetadataIncompleteBuffer).
        readFails("hole", file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "'w'");
        readFails("overlap", file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"v\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4));
        readFails("trailing", file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 12));
    }

    // ---------------------------------------------------------------------------------- loadStateDict

    private Module model() {
        try (Backends.Scope use = Backends.use(backend)) {
            return new Sequential(new Linear(4, 3), BatchNorm.d1(3), new Activation.ReLU(), new Linear(3, 2));
        }
    }

    /** Every tensor of the model's state, copied, by name. */
    private static Map<String, double[]> snapshot(Module m) {
        Map<String, double[]> out = new LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> out.put(k, v.toDoubleArray()));
        return out;
    }

    private static void assertSameState(Map<String, double[]> expected, Module m, String what) {
        Map<String, double[]> actual = snapshot(m);
        assertEquals(expected.keySet(), actual.keySet(), what);
        expected.forEach((k, v) -> assertArrayEquals(v, actual.get(k), 0.0, what + ": '" + k + "' was modified"));
    }

    /** A full, valid state for {@link #model()} whose values all differ from the model's. */
    private Map<String, Tensor> validState(Module m) {
        Map<String, Tensor> state = new LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> {
            if (v.dtype().isFloating()) {
                double[] values = v.toDoubleArray();
                for (int i = 0; i < values.length; i++) {
                    values[i] = 10 + i + values[i];
                }
                state.put(k, Tensor.on(backend).of(values, v.shape()));
            } else {
                state.put(k, Tensor.on(backend).of(new long[] {7}));
            }
        });
        return state;
    }

    @Test
    void loadStateDictAcceptsAFullStateThroughAFile() throws IOException {
        Module source = model();
        Module target = model();
        Map<String, Tensor> state = validState(source);
        source.loadStateDict(state, true);
        Path file = dir.resolve("model.safetensors");
        Safetensors.write(file, source.stateDict(), null);
        target.loadStateDict(Safetensors.read(file, backend), true);
        Map<String, double[]> expected = snapshot(source);
        assertSameState(expected, target, "loaded from file");
        assertEquals(7, (long) target.stateDict().get("1.num_batches_tracked").item());
        assertEquals(DType.INT64, target.stateDict().get("1.num_batches_tracked").dtype());
        assertEquals(DType.FLOAT32, target.stateDict().get("0.weight").dtype(), "converted to the model's dtype");
    }

    private IllegalArgumentException loadFails(Module m, Map<String, Tensor> state, boolean strict, String... parts) {
        Map<String, double[]> before = snapshot(m);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(state, strict));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message does not say \"" + part + "\": " + e.getMessage());
        }
        assertSameState(before, m, "after a rejected loadStateDict (" + e.getMessage() + ")");
        return e;
    }

    @Test
    void loadStateDictReportsMissingKeysByNameAndChangesNothing() {
        Module m = model();
        Map<String, Tensor> state = validState(m);
        state.remove("3.bias");
        state.remove("1.running_var");
        loadFails(m, state, true, "missing key '3.bias'", "missing key '1.running_var'");
    }

    @Test
    void loadStateDictReportsUnexpectedKeysByNameAndChangesNothing() {
        Module m = model();
        Map<String, Tensor> state = validState(m);
        state.put("4.weight", Tensor.on(backend).of(new float[] {1}, 1));
        loadFails(m, state, true, "unexpected key '4.weight'");
    }

    @Test
    void loadStateDictReportsShapeMismatchesByNameAndChangesNothing() {
        Module m = model();
        Map<String, Tensor> state = validState(m);
        state.put("0.weight", Tensor.on(backend).of(new float[12], 4, 3));   // transposed
        state.put("1.running_mean", Tensor.on(backend).of(new float[4], 4));
        loadFails(m, state, true, "'0.weight'", "[4, 3]", "[3, 4]", "'1.running_mean'");
        // not strict: a shape mismatch is still an error
        loadFails(m, state, false, "'0.weight'", "'1.running_mean'");
    }

    @Test
    void loadStateDictReportsAnIntegerTensorForAFloatParameter() {
        Module m = model();
        Map<String, Tensor> state = validState(m);
        state.put("3.bias", Tensor.on(backend).of(new long[] {1, 2}, 2));
        loadFails(m, state, true, "'3.bias'", "int64");
    }

    @Test
    void loadStateDictReportsEveryProblemAtOnce() {
        Module m = model();
        Map<String, Tensor> state = validState(m);
        state.remove("0.bias");
        state.put("extra", Tensor.on(backend).of(new float[] {1}, 1));
        state.put("3.weight", Tensor.on(backend).of(new float[3], 3));
        loadFails(m, state, true, "missing key '0.bias'", "unexpected key 'extra'", "'3.weight'");
    }

    @Test
    void nonStrictLoadIgnoresMissingAndUnexpectedKeys() {
        Module m = model();
        Map<String, double[]> before = snapshot(m);
        Map<String, Tensor> state = new LinkedHashMap<>();
        state.put("3.bias", Tensor.on(backend).of(new double[] {0.5, -0.5}, 2));
        state.put("not.in.the.model", Tensor.on(backend).of(new float[] {1}, 1));
        m.loadStateDict(state, false);
        Map<String, double[]> after = snapshot(m);
        assertArrayEquals(new double[] {0.5, -0.5}, after.get("3.bias"), 0.0);
        before.remove("3.bias");
        before.forEach((k, v) -> assertArrayEquals(v, after.get(k), 0.0, k));
    }

    // ---------------------------------------------------------------------------------- helpers

    private static String headerText(byte[] bytes) {
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
    }

    /** The raw bits of every element (float32/int32 as 32-bit patterns, float64/int64 as 64-bit). */
    private static long[] bits(Tensor t) {
        int n = (int) t.numel();
        long[] out = new long[n];
        switch (t.dtype()) {
            case FLOAT32 -> {
                float[] v = t.toFloatArray();
                for (int i = 0; i < n; i++) {
                    out[i] = Float.floatToRawIntBits(v[i]);
                }
            }
            case FLOAT64 -> {
                double[] v = t.toDoubleArray();
                for (int i = 0; i < n; i++) {
                    out[i] = Double.doubleToRawLongBits(v[i]);
                }
            }
            case INT32 -> {
                long[] v = t.toLongArray();
                for (int i = 0; i < n; i++) {
                    out[i] = (int) v[i];
                }
            }
            case INT64 -> out = t.toLongArray();
        }
        return out;
    }
}
