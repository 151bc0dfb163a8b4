package dev.nabla.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nabla.nn.SpecException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One object of a job file read strictly: a key that is not allowed, a value of the wrong type or
 * out of range fails at once with a {@link SpecException} naming the field's full path
 * ({@code optimizer.lr: must be positive, got -0.1}). Relative file names resolve against the job
 * file's folder.
 */
public final class Section {
    private final JsonNode node;
    private final String path;
    private final Path base;

    private Section(JsonNode node, String path, Path base) {
        this.node = node;
        this.path = path;
        this.base = base;
    }

    /**
     * The object {@code node} at {@code path}, whose keys must all be in {@code allowed}.
     *
     * @throws SpecException if {@code node} is not an object or has a key not allowed
     */
    public static Section of(JsonNode node, String path, Path base, Collection<String> allowed) {
        if (node == null || !node.isObject()) {
            throw new SpecException(path.isEmpty() ? "(top level)" : path, "expected a mapping of fields, got " + describe(node));
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new SpecException(join(path, key), "unknown field; allowed here: "
                        + (allowed.isEmpty() ? "none" : String.join(", ", new TreeSet<>(allowed))));
            }
        }
        return new Section(node, path, base);
    }

    /** The object {@code node} at {@code path} with any keys (to read a {@code type} that decides which are allowed). */
    public static Section lenient(JsonNode node, String path, Path base) {
        return of(node, path, base, node == null || !node.isObject() ? Set.of() : fieldNames(node));
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> keys = new java.util.LinkedHashSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** This section's path ({@code ""} at the top level). */
    public String path() {
        return path;
    }

    /** The full path of field {@code key}. */
    public String path(String key) {
        return join(path, key);
    }

    /** The folder relative file names resolve against. */
    public Path base() {
        return base;
    }

    /** True when {@code key} is present and not null. */
    public boolean has(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    /** The raw value of {@code key}, or null when absent or null. */
    public JsonNode raw(String key) {
        return has(key) ? node.get(key) : null;
    }

    /** A nested section, or null when absent. */
    public Section section(String key, Collection<String> allowed) {
        return has(key) ? of(node.get(key), path(key), base, allowed) : null;
    }

    /** A list field's items (empty when absent). */
    public List<JsonNode> list(String key) {
        JsonNode v = raw(key);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw error(key, "expected a list, got " + describe(v));
        }
        List<JsonNode> items = new ArrayList<>();
        v.forEach(items::add);
        return items;
    }

    /** A required field's presence. */
    public void require(String key) {
        if (!has(key)) {
            throw error(key, "is required");
        }
    }

    /** A text field ({@code fallback} when absent). */
    public String string(String key, String fallback) {
        JsonNode v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw error(key, "expected text, got " + describe(v));
        }
        return v.asText();
    }

    /** A text field that must be one of {@code choices}. */
    public String choice(String key, String fallback, Collection<String> choices) {
        String v = string(key, fallback);
        if (v != null && !choices.contains(v)) {
            throw error(key, "must be one of " + String.join(", ", choices) + ", got \"" + v + "\"");
        }
        return v;
    }

    /** A boolean field ({@code fallback} when absent). */
    public boolean bool(String key, boolean fallback) {
        JsonNode v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw error(key, "expected true or false, got " + describe(v));
        }
        return v.booleanValue();
    }

    /** An integer field (a number with no fraction; {@code fallback} when absent). */
    public long integer(String key, long fallback) {
        JsonNode v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isNumber() || (!v.isIntegralNumber() && v.doubleValue() != Math.rint(v.doubleValue()))) {
            throw error(key, "expected an integer, got " + describe(v));
        }
        return v.asLong();
    }

    /** An integer in {@code [min, max]}. */
    public int integer(String key, int fallback, int min, int max) {
        long v = integer(key, fallback);
        if (v < min) {
            throw error(key, (min == 1 ? "must be positive" : "must be at least " + min) + ", got " + v);
        }
        if (v > max) {
            throw error(key, "must be at most " + max + ", got " + v);
        }
        return (int) v;
    }

    /** A finite number ({@code fallback} when absent). */
    public double number(String key, double fallback) {
        JsonNode v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
            throw error(key, "expected a number, got " + describe(v));
        }
        return v.doubleValue();
    }

    /** A number {@code > 0}. */
    public double positive(String key, double fallback) {
        double v = number(key, fallback);
        if (!(v > 0)) {
            throw error(key, "must be positive, got " + format(v));
        }
        return v;
    }

    /** A number {@code >= 0}. */
    public double nonNegative(String key, double fallback) {
        double v = number(key, fallback);
        if (v < 0) {
            throw error(key, "must be at least 0, got " + format(v));
        }
        return v;
    }

    /** A number in {@code [low, high]} ({@code highOpen}: strictly below {@code high}). */
    public double range(String key, double fallback, double low, double high, boolean highOpen) {
        double v = number(key, fallback);
        if (v < low || v > high || (highOpen && v == high)) {
            throw error(key, "must be in [" + format(low) + ", " + format(high) + (highOpen ? ")" : "]") + ", got " + format(v));
        }
        return v;
    }

    /** An existing regular file, resolved against the job file's folder; required unless {@code optional}. */
    public Path file(String key, boolean optional) {
        return existing(key, optional, false);
    }

    /** An existing folder, resolved against the job file's folder. */
    public Path folder(String key, boolean optional) {
        return existing(key, optional, true);
    }

    private Path existing(String key, boolean optional, boolean folder) {
        if (!has(key)) {
            if (optional) {
                return null;
            }
            throw error(key, "is required");
        }
        Path p = resolve(string(key, null));
        if (folder ? !Files.isDirectory(p) : !Files.isRegularFile(p)) {
            throw error(key, (Files.exists(p) ? folder ? "is not a folder: " : "is not a regular file: " : "no such "
                    + (folder ? "folder: " : "file: ")) + p);
        }
        if (!Files.isReadable(p)) {
            throw error(key, "cannot be read (permissions): " + p);
        }
        return p;
    }

    /** {@code name} resolved against the job file's folder (absolute names and {@code ~/} as given). */
    public Path resolve(String name) {
        if (name.startsWith("~/")) {
            return Path.of(System.getProperty("user.home"), name.substring(2));
        }
        Path p = Path.of(name);
        return p.isAbsolute() || base == null ? p : base.resolve(p).normalize();
    }

    /** An error about field {@code key}. */
    public SpecException error(String key, String message) {
        return new SpecException(path(key), message);
    }

    /** The keys present (in file order). */
    public Set<String> keys() {
        return fieldNames(node);
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** A value as an error message shows it: text quoted, numbers and booleans as written. */
    public static String describe(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "nothing";
        }
        if (v.isTextual()) {
            return "\"" + v.asText() + "\"";
        }
        if (v.isArray()) {
            return "a list " + v;
        }
        if (v.isObject()) {
            return "a mapping " + v;
        }
        return v.asText();
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
