package dev.nabla.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * Hyper-parameter search: grid or seeded random configurations, each trained and scored by a
 * caller-supplied objective (typically the validation accuracy or loss), every trial reported.
 *
 * <pre>{@code
 * List<Map<String, Object>> configs = HyperSearch.grid(Map.of("lr", List.of(0.01, 0.1), "batch", List.of(32, 64)));
 * List<HyperSearch.Trial> trials = HyperSearch.run(configs, c -> trainAndValidate(c), false, System.out::println);
 * HyperSearch.Trial best = HyperSearch.best(trials, false);    // highest score
 * }</pre>
 */
public final class HyperSearch {
    private HyperSearch() {
    }

    /** One evaluated configuration. */
    public record Trial(int index, Map<String, Object> params, double score) {
        @Override
        public String toString() {
            return "trial " + index + " " + params + " -> " + score;
        }
    }

    /** Draws one value of a hyper-parameter. */
    @FunctionalInterface
    public interface Sampler {
        Object sample(SplittableRandom random);

        /** One of the given values, uniformly. */
        static Sampler choice(List<?> values) {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("choice: no values");
            }
            return r -> values.get(r.nextInt(values.size()));
        }

        /** Uniform on [low, high). */
        static Sampler uniform(double low, double high) {
            return r -> low + (high - low) * r.nextDouble();
        }

        /** Log-uniform on [low, high): for learning rates and weight decays. */
        static Sampler logUniform(double low, double high) {
            if (!(low > 0 && high > low)) {
                throw new IllegalArgumentException("logUniform: needs 0 < low < high, got " + low + ", " + high);
            }
            return r -> Math.exp(Math.log(low) + (Math.log(high) - Math.log(low)) * r.nextDouble());
        }

        /** An integer in [low, high]. */
        static Sampler integer(int low, int high) {
            return r -> low + r.nextInt(high - low + 1);
        }
    }

    /** Every combination of the values (the last key varies fastest), in key order. */
    public static List<Map<String, Object>> grid(Map<String, ? extends List<?>> space) {
        List<Map<String, Object>> configs = new ArrayList<>();
        configs.add(new LinkedHashMap<>());
        for (Map.Entry<String, ? extends List<?>> axis : space.entrySet()) {
            if (axis.getValue().isEmpty()) {
                throw new IllegalArgumentException("grid: '" + axis.getKey() + "' has no values");
            }
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> partial : configs) {
                for (Object value : axis.getValue()) {
                    Map<String, Object> c = new LinkedHashMap<>(partial);
                    c.put(axis.getKey(), value);
                    next.add(c);
                }
            }
            configs = next;
        }
        return configs;
    }

    /** {@code trials} configurations drawn from the samplers with a seeded generator. */
    public static List<Map<String, Object>> random(Map<String, Sampler> space, int trials, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Map<String, Object>> configs = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            Map<String, Object> c = new LinkedHashMap<>();
            space.forEach((k, s) -> c.put(k, s.sample(random)));
            configs.add(c);
        }
        return configs;
    }

    /** Scores every configuration in order, reporting each trial as it finishes. */
    public static List<Trial> run(List<Map<String, Object>> configs, ToDoubleFunction<Map<String, Object>> objective,
                                  boolean minimize, Consumer<Trial> report) {
        List<Trial> trials = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            Trial t = new Trial(i, configs.get(i), objective.applyAsDouble(configs.get(i)));
            trials.add(t);
            report.accept(t);
        }
        return trials;
    }

    /** The best trial: lowest score when {@code minimize}, else highest; NaN scores never win. */
    public static Trial best(List<Trial> trials, boolean minimize) {
        Comparator<Trial> byScore = Comparator.comparingDouble(Trial::score);
        return trials.stream().filter(t -> !Double.isNaN(t.score()))
                .min(minimize ? byScore : byScore.reversed())
                .orElseThrow(() -> new IllegalStateException("hyper-parameter search: no trial produced a score"));
    }
}
