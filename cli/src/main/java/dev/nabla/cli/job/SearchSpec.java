package dev.nabla.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nabla.train.HyperSearch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code search:} section read by {@code nabla tune}: which job fields to vary and how.
 *
 * <pre>
 * search:
 *   method: random          # grid (every combination) or random (trials draws)
 *   trials: 8
 *   metric: val_accuracy    # or val_loss
 *   params:
 *     optimizer.lr: {log_uniform: [0.001, 0.1]}
 *     batch_size: [32, 64, 128]
 * </pre>
 *
 * @param method grid or random
 * @param trials number of random draws (grid: every combination)
 * @param seed   seed of the random draws
 * @param metric the validation metric that ranks trials
 * @param params job field path to a list of values, or (random) a {@code uniform}, {@code log_uniform}
 *               or {@code int} range
 */
public record SearchSpec(String method, int trials, long seed, String metric, Map<String, JsonNode> params) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** True when a lower metric is better. */
    public boolean minimize() {
        return metric.endsWith("loss");
    }

    static SearchSpec parse(Section job, long jobSeed, boolean labelled) {
        Section s = job.section("search", Set.of("method", "trials", "seed", "metric", "params"));
        if (s == null) {
            return null;
        }
        String method = s.choice("method", "grid", List.of("grid", "random"));
        int trials = s.integer("trials", 10, 1, 100_000);
        if (method.equals("grid") && s.has("trials")) {
            throw s.error("trials", "only for method random (a grid runs every combination)");
        }
        String metric = s.choice("metric", labelled ? "val_accuracy" : "val_loss", List.of("val_accuracy", "val_loss"));
        s.require("params");
        JsonNode p = s.raw("params");
        Section params = Section.lenient(p, s.path("params"), s.base());
        if (params.keys().isEmpty()) {
            throw s.error("params", "needs at least one job field to vary");
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (String key : params.keys()) {
            JsonNode v = p.get(key);
            if (v.isArray()) {
                if (v.isEmpty()) {
                    throw params.error(key, "has no values");
                }
            } else if (method.equals("random") && v.isObject()) {
                sampler(Section.of(v, params.path(key), s.base(), Set.of("uniform", "log_uniform", "int")));
            } else {
                throw params.error(key, "expected a list of values" + (method.equals("random")
                        ? " or one of {uniform: [low, high]}, {log_uniform: [low, high]}, {int: [low, high]}" : "")
                        + ", got " + Section.describe(v));
            }
            out.put(key, v);
        }
        return new SearchSpec(method, trials, s.integer("seed", jobSeed), metric, out);
    }

    /** The trial configurations: field path to value, in order. */
    public List<Map<String, JsonNode>> configs() {
        List<Map<String, Object>> raw;
        if (method.equals("grid")) {
            Map<String, List<?>> space = new LinkedHashMap<>();
            params.forEach((k, v) -> {
                List<JsonNode> values = new ArrayList<>();
                v.forEach(values::add);
                space.put(k, values);
            });
            raw = HyperSearch.grid(space);
        } else {
            Map<String, HyperSearch.Sampler> space = new LinkedHashMap<>();
            params.forEach((k, v) -> {
                if (v.isArray()) {
                    List<JsonNode> values = new ArrayList<>();
                    v.forEach(values::add);
                    space.put(k, HyperSearch.Sampler.choice(values));
                } else {
                    space.put(k, sampler(Section.of(v, k, null, Set.of("uniform", "log_uniform", "int"))));
                }
            });
            raw = HyperSearch.random(space, trials, seed);
        }
        List<Map<String, JsonNode>> configs = new ArrayList<>();
        for (Map<String, Object> c : raw) {
            Map<String, JsonNode> config = new LinkedHashMap<>();
            c.forEach((k, v) -> config.put(k, v instanceof JsonNode n ? n : JSON.valueToTree(v)));
            configs.add(config);
        }
        return configs;
    }

    private static HyperSearch.Sampler sampler(Section range) {
        if (range.keys().size() != 1) {
            throw new dev.nabla.nn.SpecException(range.path(), "expected exactly one of uniform, log_uniform, int");
        }
        String kind = range.keys().iterator().next();
        List<JsonNode> bounds = range.list(kind);
        if (bounds.size() != 2 || !bounds.get(0).isNumber() || !bounds.get(1).isNumber()
                || !(bounds.get(0).doubleValue() < bounds.get(1).doubleValue())) {
            throw range.error(kind, "expected [low, high] with low < high, got " + range.raw(kind));
        }
        double low = bounds.get(0).doubleValue();
        double high = bounds.get(1).doubleValue();
        return switch (kind) {
            case "uniform" -> HyperSearch.Sampler.uniform(low, high);
            case "log_uniform" -> {
                if (!(low > 0)) {
                    throw range.error(kind, "needs low > 0, got " + low);
                }
                yield HyperSearch.Sampler.logUniform(low, high);
            }
            default -> {
                if (low != Math.rint(low) || high != Math.rint(high)) {
                    throw range.error(kind, "expected integer bounds, got " + range.raw(kind));
                }
                yield HyperSearch.Sampler.integer((int) low, (int) high);
            }
        };
    }
}
