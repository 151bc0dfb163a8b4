package dev.nabla.cli.job;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads job files (YAML, or JSON by the {@code .json} extension) into a tree, rejecting duplicate
 * keys, and applies {@code field.path=value} overrides ({@code --set}, tune trials) to the tree.
 */
public final class JobFiles {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Pattern STEP = Pattern.compile("([A-Za-z0-9_]+)((?:\\[\\d+])*)");

    private JobFiles() {
    }

    /** The file's top-level mapping. */
    public static ObjectNode read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new JobException(file, "no such job file");
        } catch (IOException e) {
            throw new JobException(file, "cannot read: " + e.getMessage(), e);
        }
        JsonNode tree;
        try {
            tree = (file.toString().endsWith(".json") ? JSON : YAML).readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new JobException(file, (at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ")
                    + "not valid " + (file.toString().endsWith(".json") ? "JSON" : "YAML") + ": " + e.getOriginalMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new JobException(file, "expected a mapping of job fields (model, data, optimizer, ...), got "
                    + (tree == null || tree.isMissingNode() ? "an empty file" : Section.describe(tree)));
        }
        return (ObjectNode) tree;
    }

    /** A command-line value read as YAML: {@code 0.1} a number, {@code true} a boolean, {@code [1, 2]} a list. */
    public static JsonNode value(String text) {
        try {
            JsonNode v = YAML.readTree(text);
            return v == null || v.isMissingNode() ? JsonNodeFactory.instance.nullNode() : v;
        } catch (JsonProcessingException e) {
            return JsonNodeFactory.instance.textNode(text);
        }
    }

    /**
     * Sets the field at {@code path} ({@code optimizer.lr}, {@code model.layers[2].out}) to {@code value},
     * creating missing mappings on the way.
     *
     * @throws IllegalArgumentException if the path is malformed or crosses a value that is not a mapping or list
     */
    public static void set(ObjectNode tree, String path, JsonNode value) {
        String[] steps = path.split("\\.");
        JsonNode node = tree;
        for (int i = 0; i < steps.length; i++) {
            Matcher m = STEP.matcher(steps[i]);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + path + "' is not a field path like optimizer.lr or model.layers[2].out");
            }
            String key = m.group(1);
            String indices = m.group(2);
            boolean last = i == steps.length - 1;
            if (!(node instanceof ObjectNode object)) {
                throw new IllegalArgumentException("'" + path + "': " + key + " is inside a value that is not a mapping");
            }
            if (indices.isEmpty()) {
                if (last) {
                    object.set(key, value);
                    return;
                }
                node = object.get(key) instanceof ObjectNode child ? child : object.putObject(key);
                continue;
            }
            node = object.get(key);
            String[] parts = indices.substring(1, indices.length() - 1).split("]\\[");
            for (int k = 0; k < parts.length; k++) {
                int index = Integer.parseInt(parts[k]);
                if (!(node instanceof ArrayNode array) || index >= array.size()) {
                    throw new IllegalArgumentException("'" + path + "': no list item " + key + indices);
                }
                if (last && k == parts.length - 1) {
                    array.set(index, value);
                    return;
                }
                node = array.get(index);
            }
        }
    }

    /** Applies {@code field.path=value} assignments in order. */
    public static void apply(ObjectNode tree, Iterable<String> assignments) {
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + a + "' is not field.path=value");
            }
            set(tree, a.substring(0, eq).trim(), value(a.substring(eq + 1).trim()));
        }
    }
}
