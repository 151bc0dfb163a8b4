package dev.nabla.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nabla.data.Normalize;
import dev.nabla.io.AtomicFiles;
import dev.nabla.nn.LayerSpec;
import dev.nabla.nn.ModelSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON written beside saved weights ({@code best.json}): the layers, in the job-file form
 * ({@code {"type": "conv2d", "in": 1, ...}}), plus what is needed to use the model on new data —
 * the input sample shape, the class names, the normalisation statistics and the loss.
 *
 * @param spec       the layers
 * @param inputShape shape of one input sample, e.g. {@code [1, 28, 28]}
 * @param classes    class names by label (empty when unknown)
 * @param numClasses number of classes (0 without labels)
 * @param normalize  the input normalisation, or null
 * @param loss       the training objective
 */
public record ModelDescription(ModelSpec spec, int[] inputShape, List<String> classes, int numClasses, Normalize normalize,
                               String loss) {
    static final String FORMAT = "nabla-model/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Writes the description atomically. */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, JSON.writeValueAsBytes(toJson()));
    }

    /** The description as a JSON object. */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        ArrayNode layers = root.putArray("layers");
        for (LayerSpec l : spec.layers()) {
            ObjectNode layer = layers.addObject();
            layer.put("type", l.type());
            l.args().forEach((k, v) -> layer.set(k, JSON.valueToTree(v)));
        }
        root.set("input_shape", JSON.valueToTree(inputShape));
        root.set("classes", JSON.valueToTree(classes));
        root.put("num_classes", numClasses);
        if (normalize != null) {
            ObjectNode n = root.putObject("normalize");
            n.set("mean", JSON.valueToTree(normalize.mean()));
            n.set("std", JSON.valueToTree(normalize.std()));
        }
        root.put("loss", loss);
        return root;
    }

    /**
     * Reads a description.
     *
     * @throws IOException if the file is missing or is not a model description
     */
    public static ModelDescription read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (java.io.FileNotFoundException e) {
            throw new IOException(file + ": no such file", e);
        }
        if (root == null || !FORMAT.equals(root.path("format").asText()) || !root.path("layers").isArray()) {
            throw new IOException(file + ": not a Nabla model description (expected \"format\": \"" + FORMAT
                    + "\" and a list of layers)");
        }
        List<LayerSpec> layers = new ArrayList<>();
        for (JsonNode l : root.get("layers")) {
            Map<String, Object> args = new LinkedHashMap<>();
            l.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("type")) {
                    args.put(e.getKey(), JSON.convertValue(e.getValue(), Object.class));
                }
            });
            layers.add(new LayerSpec(l.path("type").asText(), args));
        }
        JsonNode n = root.get("normalize");
        Normalize normalize = n == null || n.isNull() ? null
                : new Normalize(JSON.convertValue(n.get("mean"), float[].class), JSON.convertValue(n.get("std"), float[].class));
        List<String> classes = new ArrayList<>();
        root.path("classes").forEach(c -> classes.add(c.asText()));
        return new ModelDescription(new ModelSpec(layers), JSON.convertValue(root.get("input_shape"), int[].class),
                classes, root.path("num_classes").asInt(), normalize, root.path("loss").asText("cross_entropy"));
    }

    /** The name of class {@code label}, or the number when names are unknown. */
    public String className(int label) {
        return label < classes.size() ? classes.get(label) : String.valueOf(label);
    }
}
