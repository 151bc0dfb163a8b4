package dev.nabla.nn;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * Inverted dropout: in training, zeroes each element with probability {@code p} and scales the
 * rest by {@code 1/(1-p)}; identity in evaluation. The mask comes from a Philox generator, so a
 * seed gives the same mask on every backend.
 */
public class Dropout extends Module {
    private final double p;
    private final Generator gen;

    /** Uses the global generator ({@link Generator#global()}) at each call. */
    public Dropout(double p) {
        this(p, null);
    }

    public Dropout(double p, Generator gen) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1], got " + p);
        }
        this.p = p;
        this.gen = gen;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (!isTraining() || p == 0) {
            return x;
        }
        if (p == 1) {
            return x.mul(0);
        }
        Generator g = gen != null ? gen : Generator.global();
        Tensor keep = Tensor.on(x.backend()).dtype(x.dtype()).rand(g, x.shape()).ge(p);
        return x.mul(keep).mul(1 / (1 - p));
    }

    @Override
    protected String extraRepr() {
        return "p=" + p;
    }
}
