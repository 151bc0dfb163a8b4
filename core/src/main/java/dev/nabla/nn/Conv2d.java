package dev.nabla.nn;

import dev.nabla.backend.Backends;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.TensorFactory;
import java.util.Arrays;

/**
 * 2-D convolution over {@code (N, C, H, W)}: weight {@code (OC, C/groups, KH, KW)}, bias {@code (OC)};
 * PyTorch's default initialisation.
 *
 * <pre>{@code
 * Conv2d conv = new Conv2d(1, 6, 5, 1, 2);       // LeNet's first layer: 5x5, stride 1, padding 2
 * }</pre>
 */
public class Conv2d extends Module {
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final int[] dilation;
    private final int groups;
    private final int in;
    private final int out;

    /** Square kernel, stride and padding; dilation 1, one group, with bias. */
    public Conv2d(int in, int out, int kernel, int stride, int padding) {
        this(in, out, new int[] {kernel, kernel}, new int[] {stride, stride}, new int[] {padding, padding},
                new int[] {1, 1}, 1, true, Generator.global());
    }

    public Conv2d(int in, int out, int[] kernel, int[] stride, int[] padding, int[] dilation, int groups, boolean bias,
                  Generator gen) {
        if (in <= 0 || out <= 0 || groups <= 0 || in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException("Conv2d: channels " + in + " -> " + out + " must be positive and divisible by groups="
                    + groups);
        }
        this.in = in;
        this.out = out;
        this.kernel = kernel.clone();
        this.stride = stride.clone();
        this.padding = padding.clone();
        this.dilation = dilation.clone();
        this.groups = groups;
        TensorFactory f = Tensor.on(Backends.current());
        Tensor w = registerParameter("weight", f.empty(out, in / groups, kernel[0], kernel[1]));
        Tensor b = bias ? registerParameter("bias", f.empty(out)) : null;
        Init.torchDefault(w, b, gen);
    }

    @Override
    public Tensor forward(Tensor x) {
        return Functional.conv2d(x, param("weight"), hasParam("bias") ? param("bias") : null, stride, padding, dilation, groups);
    }

    @Override
    protected String extraRepr() {
        return in + ", " + out + ", kernel=" + Arrays.toString(kernel) + ", stride=" + Arrays.toString(stride)
                + ", padding=" + Arrays.toString(padding) + (dilation[0] * dilation[1] != 1 ? ", dilation=" + Arrays.toString(dilation) : "")
                + (groups != 1 ? ", groups=" + groups : "") + ", bias=" + hasParam("bias");
    }
}
