package dev.nabla.tensor;

import dev.nabla.autodiff.GradMode;
import dev.nabla.autodiff.Node;
import dev.nabla.autodiff.Op;

/** Attaches a graph node to an op's output when recording is on and an input requires grad. */
public final class Recorder {
    private Recorder() {
    }

    /** Records {@code op} producing {@code out} from {@code inputs}; returns {@code out}. */
    public static Tensor record(Tensor out, Op op, String name, Tensor[] inputs, int[] ints, double scalar, Object info) {
        if (!GradMode.isEnabled()) {
            return out;
        }
        for (Tensor input : inputs) {
            if (input != null && input.requiresGrad()) {
                out.attachGradFn(new Node(op, name, inputs, out, ints, scalar, info));
                return out;
            }
        }
        return out;
    }

    /** Shorthand for ops with only integer attributes. */
    public static Tensor record(Tensor out, Op op, String name, Tensor[] inputs, int... ints) {
        return record(out, op, name, inputs, ints, 0, null);
    }
}
