package dev.nabla.nn;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * ResNet's basic block: {@code relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))} with 3x3
 * convolutions; the shortcut is the identity, or a strided 1x1 convolution + batch norm when the
 * shape changes (He et al., 2016, option B).
 */
public class ResidualBlock extends Module {
    private final Module main;
    private final Module shortcut;

    public ResidualBlock(int in, int out, int stride) {
        this(in, out, stride, Generator.global());
    }

    public ResidualBlock(int in, int out, int stride, Generator gen) {
        main = registerModule("main", new Sequential(
                conv(in, out, 3, stride, 1, gen), BatchNorm.d2(out), new Activation.ReLU(),
                conv(out, out, 3, 1, 1, gen), BatchNorm.d2(out)));
        shortcut = stride == 1 && in == out ? null
                : registerModule("shortcut", new Sequential(conv(in, out, 1, stride, 0, gen), BatchNorm.d2(out)));
    }

    private static Conv2d conv(int in, int out, int k, int stride, int pad, Generator gen) {
        return new Conv2d(in, out, new int[] {k, k}, new int[] {stride, stride}, new int[] {pad, pad}, new int[] {1, 1}, 1,
                false, gen);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor skip = shortcut == null ? x : shortcut.call(x);
        return main.call(x).add(skip).relu();
    }
}
