package dev.nabla.nn;

import dev.nabla.tensor.Generator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model as a list of layers applied in order: what a job file's {@code model} section and the
 * JSON beside saved weights describe. Presets (LeNet-5, VGG-style, ResNet-style, MLP,
 * autoencoder) expand to such lists, so a saved model can always be rebuilt from its description.
 *
 * <pre>{@code
 * Sequential lenet = ModelSpec.preset("lenet5", Map.of()).build(new Generator(1));
 * }</pre>
 *
 * @param layers the layers in order
 */
public record ModelSpec(List<LayerSpec> layers) {

    public ModelSpec {
        layers = List.copyOf(layers);
    }

    /** Builds the layers into a {@link Sequential} (children named 0, 1, ... as in PyTorch). */
    public Sequential build(Generator gen) {
        return build("model.layers", gen);
    }

    /** Builds with error paths under {@code path} (e.g. {@code model.layers}). */
    public Sequential build(String path, Generator gen) {
        if (layers.isEmpty()) {
            throw new SpecException(path, "a model needs at least one layer");
        }
        Module[] modules = new Module[layers.size()];
        for (int i = 0; i < modules.length; i++) {
            modules[i] = layers.get(i).build(path + "[" + i + "]", gen);
        }
        return new Sequential(modules);
    }

    /** The names {@link #preset} knows. */
    public static final List<String> PRESETS = List.of("mlp", "lenet5", "vgg-small", "resnet-small", "autoencoder");

    /**
     * A named architecture for 1x28x28 inputs (Fashion-MNIST) unless options say otherwise:
     * {@code classes} (10), {@code channels} (1), {@code hidden} (list, for mlp), {@code dropout}.
     * <ul>
     * <li>mlp: 784-256-128-10 with ReLU;</li>
     * <li>lenet5: conv5x5(6, pad 2)-ReLU-maxpool-conv5x5(16)-ReLU-maxpool-120-84-10;</li>
     * <li>vgg-small: two blocks of two 3x3 conv + batch norm + ReLU and a max pool (32, 64 channels),
     * then 256 units with batch norm, ReLU and dropout 0.5;</li>
     * <li>resnet-small: a 3x3 stem, residual blocks 16-16, 32 (stride 2), 64 (stride 2), global average pool;</li>
     * <li>autoencoder: 784-128-32-128-784, ReLU inside, sigmoid output reshaped to the input.</li>
     * </ul>
     */
    public static ModelSpec preset(String name, Map<String, Object> options) {
        int classes = intOption(options, "classes", 10);
        int channels = intOption(options, "channels", 1);
        double dropout = options.get("dropout") instanceof Number n ? n.doubleValue() : 0.5;
        List<LayerSpec> l = new ArrayList<>();
        switch (name) {
            case "mlp" -> {
                int in = intOption(options, "inputs", 784);
                List<Integer> hidden = hiddenOption(options, List.of(256, 128));
                l.add(layer("flatten"));
                for (int h : hidden) {
                    l.add(layer("linear", "in", in, "out", h));
                    l.add(layer("relu"));
                    in = h;
                }
                l.add(layer("linear", "in", in, "out", classes));
            }
            case "lenet5" -> {
                l.add(layer("conv2d", "in", channels, "out", 6, "kernel", 5, "padding", 2));
                l.add(layer("relu"));
                l.add(layer("maxpool2d", "kernel", 2));
                l.add(layer("conv2d", "in", 6, "out", 16, "kernel", 5));
                l.add(layer("relu"));
                l.add(layer("maxpool2d", "kernel", 2));
                l.add(layer("flatten"));
                l.add(layer("linear", "in", 16 * 5 * 5, "out", 120));
                l.add(layer("relu"));
                l.add(layer("linear", "in", 120, "out", 84));
                l.add(layer("relu"));
                l.add(layer("linear", "in", 84, "out", classes));
            }
            case "vgg-small" -> {
                int in = channels;
                for (int width : new int[] {32, 64}) {
                    for (int k = 0; k < 2; k++) {
                        l.add(layer("conv2d", "in", in, "out", width, "kernel", 3, "padding", 1, "bias", false));
                        l.add(layer("batchnorm2d", "features", width));
                        l.add(layer("relu"));
                        in = width;
                    }
                    l.add(layer("maxpool2d", "kernel", 2));
                }
                l.add(layer("flatten"));
                l.add(layer("linear", "in", 64 * 7 * 7, "out", 256, "bias", false));
                l.add(layer("batchnorm1d", "features", 256));
                l.add(layer("relu"));
                l.add(layer("dropout", "p", dropout));
                l.add(layer("linear", "in", 256, "out", classes));
            }
            case "resnet-small" -> {
                l.add(layer("conv2d", "in", channels, "out", 16, "kernel", 3, "padding", 1, "bias", false));
                l.add(layer("batchnorm2d", "features", 16));
                l.add(layer("relu"));
                l.add(layer("residual", "in", 16, "out", 16, "stride", 1));
                l.add(layer("residual", "in", 16, "out", 32, "stride", 2));
                l.add(layer("residual", "in", 32, "out", 64, "stride", 2));
                l.add(layer("globalavgpool2d"));
                l.add(layer("linear", "in", 64, "out", classes));
            }
            case "autoencoder" -> {
                l.add(layer("flatten"));
                l.add(layer("linear", "in", 784, "out", 128));
                l.add(layer("relu"));
                l.add(layer("linear", "in", 128, "out", 32));
                l.add(layer("relu"));
                l.add(layer("linear", "in", 32, "out", 128));
                l.add(layer("relu"));
                l.add(layer("linear", "in", 128, "out", 784));
                l.add(layer("sigmoid"));
                l.add(new LayerSpec("reshape", Map.of("shape", List.of(1, 28, 28))));
            }
            default -> throw new SpecException("model.preset", "unknown preset '" + name + "'; known: " + String.join(", ", PRESETS));
        }
        return new ModelSpec(l);
    }

    private static LayerSpec layer(String type, Object... keyValues) {
        Map<String, Object> args = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            args.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new LayerSpec(type, args);
    }

    private static int intOption(Map<String, Object> options, String key, int fallback) {
        Object v = options.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n && n.intValue() > 0 && n.doubleValue() == n.intValue()) {
            return n.intValue();
        }
        throw new SpecException("model." + key, "expected a positive integer, got " + v);
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> hiddenOption(Map<String, Object> options, List<Integer> fallback) {
        Object v = options.get("hidden");
        if (v == null) {
            return fallback;
        }
        if (v instanceof List<?> list && list.stream().allMatch(x -> x instanceof Integer i && i > 0)) {
            return (List<Integer>) list;
        }
        throw new SpecException("model.hidden", "expected a list of positive integers, got " + v);
    }
}
