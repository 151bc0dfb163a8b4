package dev.nabla.nn;

import dev.nabla.tensor.Generator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One layer of a model description: a type and its arguments, as written in job files and in the
 * JSON saved beside a model's weights.
 *
 * <pre>{@code
 * new LayerSpec("conv2d", Map.of("in", 1, "out", 6, "kernel", 5, "padding", 2))
 * }</pre>
 *
 * @param type layer type (see {@link #TYPES})
 * @param args arguments by name: integers, numbers, booleans or lists of integers
 */
public record LayerSpec(String type, Map<String, Object> args) {
    /** The layer types and the arguments each accepts. */
    public static final Map<String, Set<String>> TYPES = types();

    public LayerSpec {
        args = args == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(args));
    }

    private static Map<String, Set<String>> types() {
        Map<String, Set<String>> t = new LinkedHashMap<>();
        t.put("linear", Set.of("in", "out", "bias"));
        t.put("conv2d", Set.of("in", "out", "kernel", "stride", "padding", "dilation", "groups", "bias"));
        t.put("conv1d", Set.of("in", "out", "kernel", "stride", "padding", "dilation", "groups", "bias"));
        t.put("maxpool2d", Set.of("kernel", "stride", "padding"));
        t.put("avgpool2d", Set.of("kernel", "stride", "padding"));
        t.put("globalavgpool2d", Set.of());
        t.put("flatten", Set.of());
        t.put("reshape", Set.of("shape"));
        t.put("dropout", Set.of("p"));
        t.put("batchnorm1d", Set.of("features", "eps", "momentum"));
        t.put("batchnorm2d", Set.of("features", "eps", "momentum"));
        t.put("residual", Set.of("in", "out", "stride"));
        for (String a : List.of("relu", "sigmoid", "tanh", "softplus", "gelu", "hardsigmoid", "identity", "step", "sign")) {
            t.put(a, Set.of());
        }
        t.put("leakyrelu", Set.of("slope"));
        t.put("elu", Set.of("alpha"));
        t.put("softmax", Set.of("axis"));
        t.put("logsoftmax", Set.of("axis"));
        return java.util.Collections.unmodifiableMap(t);
    }

    /** Builds the module; {@code path} prefixes error messages (e.g. {@code model.layers[3]}). */
    public Module build(String path, Generator gen) {
        Set<String> allowed = TYPES.get(type);
        if (allowed == null) {
            throw new SpecException(path + ".type", "unknown layer type '" + type + "'; known: " + String.join(", ", TYPES.keySet()));
        }
        for (String key : args.keySet()) {
            if (!allowed.contains(key)) {
                throw new SpecException(path + "." + key, "unknown field for layer type '" + type + "'; allowed: "
                        + (allowed.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(allowed))));
            }
        }
        Args a = new Args(path, args);
        return switch (type) {
            case "linear" -> new Linear(a.positive("in"), a.positive("out"), a.bool("bias", true), gen);
            case "conv2d" -> new Conv2d(a.positive("in"), a.positive("out"), a.pair("kernel", null), a.pair("stride", 1),
                    a.pairAtLeast("padding", 0, 0), a.pair("dilation", 1), a.positiveOr("groups", 1), a.bool("bias", true), gen);
            case "conv1d" -> new Conv1d(a.positive("in"), a.positive("out"), a.positive("kernel"), a.positiveOr("stride", 1),
                    a.atLeast("padding", 0, 0), a.positiveOr("dilation", 1), a.positiveOr("groups", 1), a.bool("bias", true), gen);
            case "maxpool2d" -> new Pooling.MaxPool2d(a.positive("kernel"), a.positiveOr("stride", a.positive("kernel")),
                    a.atLeast("padding", 0, 0));
            case "avgpool2d" -> new Pooling.AvgPool2d(a.positive("kernel"), a.positiveOr("stride", a.positive("kernel")),
                    a.atLeast("padding", 0, 0));
            case "globalavgpool2d" -> new Pooling.GlobalAvgPool2d();
            case "flatten" -> new Pooling.Flatten();
            case "reshape" -> new Reshape(a.ints("shape"));
            case "dropout" -> new Dropout(a.probability("p", 0.5), gen);
            case "batchnorm1d" -> new BatchNorm(a.positive("features"), 2, a.number("eps", 1e-5), a.number("momentum", 0.1), true);
            case "batchnorm2d" -> new BatchNorm(a.positive("features"), 4, a.number("eps", 1e-5), a.number("momentum", 0.1), true);
            case "residual" -> new ResidualBlock(a.positive("in"), a.positive("out"), a.positiveOr("stride", 1), gen);
            case "relu" -> new Activation.ReLU();
            case "sigmoid" -> new Activation.Sigmoid();
            case "tanh" -> new Activation.Tanh();
            case "softplus" -> new Activation.Softplus();
            case "gelu" -> new Activation.GELU();
            case "hardsigmoid" -> new Activation.HardSigmoid();
            case "identity" -> new Activation.Identity();
            case "step" -> new Activation.Step();
            case "sign" -> new Activation.Sign();
            case "leakyrelu" -> new Activation.LeakyReLU(a.number("slope", 0.01));
            case "elu" -> new Activation.ELU(a.number("alpha", 1.0));
            case "softmax" -> new Activation.Softmax(a.integer("axis", -1));
            case "logsoftmax" -> new Activation.LogSoftmax(a.integer("axis", -1));
            default -> throw new IllegalStateException("unhandled layer type " + type);
        };
    }

    /** Typed, validated access to the arguments, with errors naming the field. */
    private record Args(String path, Map<String, Object> args) {
        private Object raw(String key) {
            return args.get(key);
        }

        int integer(String key, int fallback) {
            Object v = raw(key);
            if (v == null) {
                return fallback;
            }
            if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < Integer.MAX_VALUE) {
                return n.intValue();
            }
            throw new SpecException(path + "." + key, "expected an integer, got " + describe(v));
        }

        int positive(String key) {
            if (raw(key) == null) {
                throw new SpecException(path + "." + key, "is required");
            }
            return positiveOr(key, 1);
        }

        int positiveOr(String key, int fallback) {
            int v = integer(key, fallback);
            if (v <= 0) {
                throw new SpecException(path + "." + key, "must be positive, got " + v);
            }
            return v;
        }

        int atLeast(String key, int min, int fallback) {
            int v = integer(key, fallback);
            if (v < min) {
                throw new SpecException(path + "." + key, "must be at least " + min + ", got " + v);
            }
            return v;
        }

        double number(String key, double fallback) {
            Object v = raw(key);
            if (v == null) {
                return fallback;
            }
            if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
                return n.doubleValue();
            }
            throw new SpecException(path + "." + key, "expected a number, got " + describe(v));
        }

        double probability(String key, double fallback) {
            double p = number(key, fallback);
            if (p < 0 || p > 1) {
                throw new SpecException(path + "." + key, "must be in [0, 1], got " + p);
            }
            return p;
        }

        boolean bool(String key, boolean fallback) {
            Object v = raw(key);
            if (v == null) {
                return fallback;
            }
            if (v instanceof Boolean b) {
                return b;
            }
            throw new SpecException(path + "." + key, "expected true or false, got " + describe(v));
        }

        /** An int or a 2-element list; {@code fallback} null means required. */
        int[] pair(String key, Integer fallback) {
            Object v = raw(key);
            if (v == null) {
                if (fallback == null) {
                    throw new SpecException(path + "." + key, "is required");
                }
                return new int[] {fallback, fallback};
            }
            int[] p = v instanceof List<?> ? ints(key) : new int[] {integer(key, 0), integer(key, 0)};
            if (p.length != 2 || p[0] <= 0 || p[1] <= 0) {
                throw new SpecException(path + "." + key, "expected a positive integer or two, got " + describe(v));
            }
            return p;
        }

        int[] pairAtLeast(String key, int min, int fallback) {
            Object v = raw(key);
            int[] p = v == null ? new int[] {fallback, fallback}
                    : v instanceof List<?> ? ints(key) : new int[] {integer(key, 0), integer(key, 0)};
            if (p.length != 2 || p[0] < min || p[1] < min) {
                throw new SpecException(path + "." + key, "expected an integer >= " + min + " or two, got " + describe(v));
            }
            return p;
        }

        int[] ints(String key) {
            Object v = raw(key);
            if (!(v instanceof List<?> list) || list.isEmpty()) {
                throw new SpecException(path + "." + key, "expected a list of integers, got " + describe(v));
            }
            int[] out = new int[list.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(list.get(i) instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                    throw new SpecException(path + "." + key + "[" + i + "]", "expected an integer, got " + describe(list.get(i)));
                }
                out[i] = n.intValue();
            }
            return out;
        }

        private static String describe(Object v) {
            return v == null ? "nothing" : v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
        }
    }
}
