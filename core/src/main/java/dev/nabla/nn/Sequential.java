package dev.nabla.nn;

import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * Modules applied one after another; children are named {@code 0, 1, 2, ...} as in PyTorch.
 *
 * <pre>{@code
 * Sequential mlp = new Sequential(new Linear(2, 4), new Activation.Tanh(), new Linear(4, 1));
 * }</pre>
 */
public class Sequential extends Module {
    private final List<Module> layers;

    public Sequential(Module... layers) {
        this.layers = List.of(layers);
        for (int i = 0; i < layers.length; i++) {
            registerModule(Integer.toString(i), layers[i]);
        }
    }

    /** Layer {@code i}. */
    public Module get(int i) {
        return layers.get(i);
    }

    /** Number of layers. */
    public int size() {
        return layers.size();
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor out = x;
        for (Module layer : layers) {
            out = layer.call(out);
        }
        return out;
    }
}
