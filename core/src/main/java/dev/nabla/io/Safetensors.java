package dev.nabla.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nabla.autodiff.GradMode;
import dev.nabla.backend.Backend;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format (Hugging Face; read by PyTorch's {@code safetensors.torch}): an 8-byte
 * little-endian header length, a JSON header mapping each name to {@code dtype}, {@code shape} and
 * {@code data_offsets} (plus an optional {@code __metadata__} of strings), then the raw
 * little-endian data. Writes are atomic; reads check every offset and size and name the file in
 * every error.
 *
 * <pre>{@code
 * Safetensors.write(Path.of("model.safetensors"), model.stateDict(), Map.of("format", "pt"));
 * model.loadStateDict(Safetensors.read(Path.of("model.safetensors"), backend), true);
 * }</pre>
 */
public final class Safetensors {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Headers above this are refused as corrupt rather than allocated (the format's own reader uses 100 MB). */
    private static final long MAX_HEADER = 100L << 20;

    private Safetensors() {
    }

    /** Writes {@code tensors} in key order (atomically). */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        List<Tensor> order = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", code(t.dtype()));
            int[] shape = t.shape();
            entry.putArray("shape").addAll(java.util.Arrays.stream(shape).mapToObj(JSON.getNodeFactory()::numberNode).toList());
            long bytes = t.numel() * t.dtype().byteSize();
            entry.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
            order.add(t);
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padding = (8 - json.length % 8) % 8;     // keeps the data 8-byte aligned, as the reference writer does
        byte[] headerBytes = new byte[json.length + padding];
        System.arraycopy(json, 0, headerBytes, 0, json.length);
        java.util.Arrays.fill(headerBytes, json.length, headerBytes.length, (byte) ' ');
        AtomicFiles.write(path, out -> {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length);
            out.write(length.array());
            out.write(headerBytes);
            DataOutputStream data = new DataOutputStream(out);
            for (Tensor t : order) {
                writeData(data, t);
            }
            data.flush();
        });
    }

    /** Reads every tensor into {@code backend}, in file order. */
    public static Map<String, Tensor> read(Path path, Backend backend) throws IOException {
        byte[] file;
        try {
            file = Files.readAllBytes(path);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(path + ": no such file", e);
        }
        ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file.length < 8) {
            throw corrupt(path, "file is " + file.length + " bytes, shorter than the 8-byte header length");
        }
        long headerLength = checkHeaderLength(path, buffer.getLong(0), file.length);
        JsonNode header = parseHeader(path, java.util.Arrays.copyOfRange(file, 8, 8 + (int) headerLength));
        long dataStart = 8 + headerLength;
        long dataLength = file.length - dataStart;
        Map<String, Tensor> out = new LinkedHashMap<>();
        try {
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().equals("__metadata__")) {
                    out.put(e.getKey(), readTensor(path, e.getKey(), e.getValue(), buffer, dataStart, dataLength, backend));
                }
            }
            checkCoverage(path, header, dataLength);
        } catch (IOException | RuntimeException e) {
            out.values().forEach(Tensor::close);
            throw e;
        }
        return out;
    }

    /** The {@code __metadata__} strings of a file (empty when absent); reads only the header. */
    public static Map<String, String> metadata(Path path) throws IOException {
        byte[] prefix = new byte[8];
        try (var in = Files.newInputStream(path)) {
            if (in.readNBytes(prefix, 0, 8) < 8) {
                throw corrupt(path, "file is shorter than the 8-byte header length");
            }
            long headerLength = checkHeaderLength(path, ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getLong(),
                    Files.size(path));
            JsonNode meta = parseHeader(path, in.readNBytes((int) headerLength)).get("__metadata__");
            Map<String, String> out = new LinkedHashMap<>();
            if (meta != null) {
                meta.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().asText()));
            }
            return out;
        }
    }

    private static long checkHeaderLength(Path path, long headerLength, long fileLength) throws IOException {
        if (headerLength < 2 || headerLength > MAX_HEADER || 8 + headerLength > fileLength) {
            throw corrupt(path, "header length " + headerLength + " does not fit a file of " + fileLength + " bytes");
        }
        return headerLength;
    }

    /** The header as a JSON object, duplicate keys refused, {@code __metadata__} holding only strings. */
    private static JsonNode parseHeader(Path path, byte[] bytes) throws IOException {
        JsonNode header;
        try (com.fasterxml.jackson.core.JsonParser parser = JSON.getFactory().createParser(bytes)) {
            parser.enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            header = JSON.readTree(parser);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw corrupt(path, "header is not valid JSON: " + e.getOriginalMessage());
        }
        if (header == null || !header.isObject()) {
            throw corrupt(path, "header is not a JSON object");
        }
        JsonNode meta = header.get("__metadata__");
        if (meta != null) {
            if (!meta.isObject()) {
                throw corrupt(path, "__metadata__ is not an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = meta.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!f.getValue().isTextual()) {
                    throw corrupt(path, "__metadata__ value '" + f.getKey() + "' is not a string");
                }
            }
        }
        return header;
    }

    /** The tensors' byte ranges must tile the data exactly: no hole, no overlap, nothing after the last. */
    private static void checkCoverage(Path path, JsonNode header, long dataLength) throws IOException {
        record Range(String name, long begin, long end) {
        }
        List<Range> ranges = new ArrayList<>();
        header.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("__metadata__")) {
                JsonNode offsets = e.getValue().get("data_offsets");
                ranges.add(new Range(e.getKey(), offsets.get(0).asLong(), offsets.get(1).asLong()));
            }
        });
        ranges.sort(java.util.Comparator.comparingLong(Range::begin).thenComparingLong(Range::end));
        long expected = 0;
        for (Range r : ranges) {
            if (r.begin() > expected) {
                throw corrupt(path, "no tensor covers data bytes [" + expected + ", " + r.begin() + ") before tensor '"
                        + r.name() + "'");
            }
            if (r.begin() < expected) {
                throw corrupt(path, "tensor '" + r.name() + "' overlaps the previous one at data byte " + r.begin());
            }
            expected = r.end();
        }
        if (expected != dataLength) {
            throw corrupt(path, (dataLength - expected) + " data bytes follow the last tensor");
        }
    }

    private static Tensor readTensor(Path path, String name, JsonNode entry, ByteBuffer buffer, long dataStart,
                                     long dataLength, Backend backend) throws IOException {
        JsonNode dtypeNode = entry.get("dtype");
        JsonNode shapeNode = entry.get("shape");
        JsonNode offsets = entry.get("data_offsets");
        if (dtypeNode == null || shapeNode == null || offsets == null || !shapeNode.isArray() || offsets.size() != 2) {
            throw corrupt(path, "tensor '" + name + "' lacks dtype, shape or a pair of data_offsets");
        }
        DType dtype = dtype(path, name, dtypeNode.asText());
        int[] shape = new int[shapeNode.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode size = shapeNode.get(i);
            long s = size.isIntegralNumber() ? size.asLong(-1) : -1;
            if (s < 0 || s > Integer.MAX_VALUE) {
                throw corrupt(path, "tensor '" + name + "' has an invalid size " + shapeNode.get(i));
            }
            shape[i] = (int) s;
            numel = Math.multiplyHigh(numel, s) != 0 || numel * s < 0 ? Long.MAX_VALUE : numel * s;
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        if (begin < 0 || end < begin || end > dataLength) {
            throw corrupt(path, "tensor '" + name + "' has data_offsets [" + begin + ", " + end + "] outside the "
                    + dataLength + " data bytes (truncated file?)");
        }
        boolean tooLarge = numel > Integer.MAX_VALUE;
        if (tooLarge || end - begin != numel * dtype.byteSize()) {
            throw corrupt(path, "tensor '" + name + "' of shape " + java.util.Arrays.toString(shape) + " and dtype "
                    + code(dtype) + " needs " + (tooLarge ? "more than 2^31 elements" : numel * dtype.byteSize() + " bytes")
                    + ", data_offsets give " + (end - begin) + " bytes");
        }
        ByteBuffer data = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN).position((int) (dataStart + begin));
        int n = (int) numel;
        var f = Tensor.on(backend);
        try (GradMode.Scope off = GradMode.noGrad()) {
            return switch (dtype) {
                case FLOAT32 -> {
                    float[] v = new float[n];
                    data.asFloatBuffer().get(v);
                    yield f.of(v, shape);
                }
                case FLOAT64 -> {
                    double[] v = new double[n];
                    data.asDoubleBuffer().get(v);
                    yield f.of(v, shape);
                }
                case INT32 -> {
                    int[] v = new int[n];
                    data.asIntBuffer().get(v);
                    yield f.of(v, shape);
                }
                case INT64 -> {
                    long[] v = new long[n];
                    data.asLongBuffer().get(v);
                    yield f.of(v, shape);
                }
            };
        }
    }

    private static void writeData(DataOutputStream out, Tensor t) throws IOException {
        int n = (int) t.numel();
        ByteBuffer bytes = ByteBuffer.allocate(n * t.dtype().byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        switch (t.dtype()) {
            case FLOAT32 -> bytes.asFloatBuffer().put(t.toFloatArray());
            case FLOAT64 -> bytes.asDoubleBuffer().put(t.toDoubleArray());
            case INT32 -> {
                long[] v = t.toLongArray();
                for (long x : v) {
                    bytes.putInt((int) x);
                }
            }
            case INT64 -> bytes.asLongBuffer().put(t.toLongArray());
        }
        out.write(bytes.array());
    }

    private static String code(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "F32";
            case FLOAT64 -> "F64";
            case INT32 -> "I32";
            case INT64 -> "I64";
        };
    }

    private static DType dtype(Path path, String name, String code) throws IOException {
        return switch (code) {
            case "F32" -> DType.FLOAT32;
            case "F64" -> DType.FLOAT64;
            case "I32" -> DType.INT32;
            case "I64" -> DType.INT64;
            default -> throw corrupt(path, "tensor '" + name + "' has dtype " + code
                    + ", which Nabla does not read (supported: F32, F64, I32, I64)");
        };
    }

    private static IOException corrupt(Path path, String what) {
        return new IOException(path + ": not a valid safetensors file: " + what);
    }
}
