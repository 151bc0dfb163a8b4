package dev.nabla.nn;

import dev.nabla.backend.Backends;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.TensorFactory;

/** 1-D convolution over {@code (N, C, L)}: weight {@code (OC, C/groups, K)}; PyTorch's default initialisation. */
public class Conv1d extends Module {
    private final int stride;
    private final int padding;
    private final int dilation;
    private final int groups;

    public Conv1d(int in, int out, int kernel, int stride, int padding) {
        this(in, out, kernel, stride, padding, 1, 1, true, Generator.global());
    }

    public Conv1d(int in, int out, int kernel, int stride, int padding, int dilation, int groups, boolean bias, Generator gen) {
        if (in <= 0 || out <= 0 || groups <= 0 || in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException("Conv1d: channels " + in + " -> " + out + " must be positive and divisible by groups="
                    + groups);
        }
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        TensorFactory f = Tensor.on(Backends.current());
        Tensor w = registerParameter("weight", f.empty(out, in / groups, kernel));
        Tensor b = bias ? registerParameter("bias", f.empty(out)) : null;
        Init.torchDefault(w, b, gen);
    }

    @Override
    public Tensor forward(Tensor x) {
        return Functional.conv1d(x, param("weight"), hasParam("bias") ? param("bias") : null, stride, padding, dilation, groups);
    }

    @Override
    protected String extraRepr() {
        return "weight=" + java.util.Arrays.toString(param("weight").shape()) + ", stride=" + stride + ", padding=" + padding;
    }
}
