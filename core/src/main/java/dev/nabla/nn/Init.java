package dev.nabla.nn;

import dev.nabla.autodiff.GradMode;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * Weight initialisers, in place and seeded, with PyTorch's definitions ({@code torch.nn.init}).
 * Fans: for a weight {@code (out, in, k...)}, {@code fanIn = in * prod(k)}, {@code fanOut = out * prod(k)}.
 */
public final class Init {
    private Init() {
    }

    /** U(-a, a). */
    public static Tensor uniform(Tensor w, double a, Generator gen) {
        return fill(w, Tensor.on(w.backend()).dtype(w.dtype()).uniform(gen, -a, a, w.shape()));
    }

    /** N(0, std^2). */
    public static Tensor normal(Tensor w, double std, Generator gen) {
        return fill(w, Tensor.on(w.backend()).dtype(w.dtype()).randn(gen, w.shape()).mul(std));
    }

    public static Tensor zeros(Tensor w) {
        return constant(w, 0);
    }

    public static Tensor constant(Tensor w, double value) {
        try (GradMode.Scope off = GradMode.noGrad()) {
            return w.fill_(value);
        }
    }

    /** Glorot/Xavier uniform: {@code a = gain * sqrt(6 / (fanIn + fanOut))}. */
    public static Tensor xavierUniform(Tensor w, double gain, Generator gen) {
        return uniform(w, gain * Math.sqrt(6.0 / (fanIn(w) + fanOut(w))), gen);
    }

    /** Glorot/Xavier normal: {@code std = gain * sqrt(2 / (fanIn + fanOut))}. */
    public static Tensor xavierNormal(Tensor w, double gain, Generator gen) {
        return normal(w, gain * Math.sqrt(2.0 / (fanIn(w) + fanOut(w))), gen);
    }

    /**
     * He/Kaiming uniform on fan-in: {@code a = gain * sqrt(3 / fanIn)} with the leaky-ReLU gain
     * {@code sqrt(2 / (1 + slope^2))} ({@code slope = 0} for ReLU).
     */
    public static Tensor kaimingUniform(Tensor w, double slope, Generator gen) {
        return uniform(w, leakyReluGain(slope) * Math.sqrt(3.0 / fanIn(w)), gen);
    }

    /** He/Kaiming normal on fan-in: {@code std = gain / sqrt(fanIn)}. */
    public static Tensor kaimingNormal(Tensor w, double slope, Generator gen) {
        return normal(w, leakyReluGain(slope) / Math.sqrt(fanIn(w)), gen);
    }

    /** {@code sqrt(2 / (1 + slope^2))}. */
    public static double leakyReluGain(double slope) {
        return Math.sqrt(2.0 / (1 + slope * slope));
    }

    /** Inputs feeding one output: dimension 1 times the receptive field. */
    public static int fanIn(Tensor w) {
        if (w.rank() < 2) {
            throw new IllegalArgumentException("init: fan in/out need a tensor of rank >= 2, got " + w.rank());
        }
        return w.size(1) * receptiveField(w);
    }

    /** Outputs fed by one input: dimension 0 times the receptive field. */
    public static int fanOut(Tensor w) {
        return w.size(0) * receptiveField(w);
    }

    private static int receptiveField(Tensor w) {
        int r = 1;
        for (int d = 2; d < w.rank(); d++) {
            r *= w.size(d);
        }
        return r;
    }

    /**
     * PyTorch's default for Linear and Conv layers: weight kaiming-uniform with slope sqrt(5),
     * which is U(-1/sqrt(fanIn), 1/sqrt(fanIn)), and the bias U(-1/sqrt(fanIn), 1/sqrt(fanIn)).
     */
    static void torchDefault(Tensor weight, Tensor bias, Generator gen) {
        kaimingUniform(weight, Math.sqrt(5), gen);
        if (bias != null) {
            uniform(bias, 1 / Math.sqrt(fanIn(weight)), gen);
        }
    }

    private static Tensor fill(Tensor w, Tensor values) {
        try (GradMode.Scope off = GradMode.noGrad(); values) {
            return w.copy_(values);
        }
    }
}
