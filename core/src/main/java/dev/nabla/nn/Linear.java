package dev.nabla.nn;

import dev.nabla.backend.Backends;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.TensorFactory;

/**
 * {@code y = x W^T + b} over the last dimension: weight {@code (out, in)}, bias {@code (out)};
 * initialised as PyTorch does (U(-1/sqrt(in), 1/sqrt(in)) for both).
 *
 * <pre>{@code
 * Linear fc = new Linear(784, 10);
 * Tensor logits = fc.call(x);            // x (N, 784) -> (N, 10)
 * }</pre>
 */
public class Linear extends Module {
    private final int in;
    private final int out;

    public Linear(int in, int out) {
        this(in, out, true, Generator.global());
    }

    public Linear(int in, int out, boolean bias, Generator gen) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("Linear: sizes must be positive, got in=" + in + ", out=" + out);
        }
        this.in = in;
        this.out = out;
        TensorFactory f = Tensor.on(Backends.current());
        Tensor w = registerParameter("weight", f.empty(out, in));
        Tensor b = bias ? registerParameter("bias", f.empty(out)) : null;
        Init.torchDefault(w, b, gen);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() == 0 || x.size(-1) != in) {
            throw new IllegalArgumentException("Linear(" + in + ", " + out + "): input " + java.util.Arrays.toString(x.shape())
                    + " must end in " + in + " features");
        }
        Tensor y = x.matmul(param("weight").t());
        return hasParam("bias") ? y.add(param("bias")) : y;
    }

    @Override
    protected String extraRepr() {
        return "in=" + in + ", out=" + out + ", bias=" + hasParam("bias");
    }
}
