package dev.nabla.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nabla.nn.LayerSpec;
import dev.nabla.nn.ModelSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code model:} section: a named preset with its options, or a list of layers
 * ({@code {type: conv2d, in: 1, out: 6, kernel: 5}}, the types and arguments of {@link LayerSpec#TYPES}).
 */
final class ModelSection {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The options each preset reads. */
    static final Map<String, Set<String>> PRESET_OPTIONS = Map.of(
            "mlp", Set.of("inputs", "hidden", "classes"),
            "lenet5", Set.of("channels", "classes"),
            "vgg-small", Set.of("channels", "classes", "dropout"),
            "resnet-small", Set.of("channels", "classes"),
            "autoencoder", Set.of());

    private ModelSection() {
    }

    static boolean isAutoencoder(Section job) {
        JsonNode m = job.raw("model");
        return m != null && m.path("preset").asText("").equals("autoencoder");
    }

    static ModelSpec parse(Section job) {
        Set<String> allowed = new java.util.HashSet<>(Set.of("preset", "layers"));
        PRESET_OPTIONS.values().forEach(allowed::addAll);
        Section m = job.section("model", allowed);
        if (m.has("preset") == m.has("layers")) {
            throw new dev.nabla.nn.SpecException(m.path(), "give either a preset (" + String.join(", ", ModelSpec.PRESETS)
                    + ") or a list of layers");
        }
        if (m.has("preset")) {
            String preset = m.choice("preset", null, ModelSpec.PRESETS);
            Map<String, Object> options = new LinkedHashMap<>();
            for (String key : m.keys()) {
                if (key.equals("preset")) {
                    continue;
                }
                if (!PRESET_OPTIONS.get(preset).contains(key)) {
                    throw m.error(key, "not an option of preset " + preset + "; its options: "
                            + (PRESET_OPTIONS.get(preset).isEmpty() ? "none" : String.join(", ",
                            new java.util.TreeSet<>(PRESET_OPTIONS.get(preset)))));
                }
                options.put(key, JSON.convertValue(m.raw(key), Object.class));
            }
            if (m.has("dropout")) {
                m.range("dropout", 0.5, 0, 1, true);
            }
            return ModelSpec.preset(preset, options);
        }
        List<LayerSpec> layers = new ArrayList<>();
        List<JsonNode> items = m.list("layers");
        if (items.isEmpty()) {
            throw m.error("layers", "needs at least one layer");
        }
        for (int i = 0; i < items.size(); i++) {
            Section layer = Section.lenient(items.get(i), m.path("layers") + "[" + i + "]", m.base());
            layer.require("type");
            String type = layer.choice("type", null, LayerSpec.TYPES.keySet());
            Map<String, Object> args = new LinkedHashMap<>();
            for (String key : layer.keys()) {
                if (!key.equals("type")) {
                    args.put(key, JSON.convertValue(layer.raw(key), Object.class));
                }
            }
            layers.add(new LayerSpec(type, args));
        }
        return new ModelSpec(layers);
    }
}
