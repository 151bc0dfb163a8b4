package dev.nabla.autodiff;

import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * One recorded op of the autograd graph: its inputs (the edges to earlier nodes or leaves), its
 * output, and the attributes its backward rule needs. {@code ints} and {@code scalar} hold the
 * op's integer and real attributes (axes, shapes, alpha), {@code info} the rest (a
 * {@link dev.nabla.backend.UnaryOp}, a geometry, a {@link FusedRule}).
 */
public final class Node {
    final Op op;
    Tensor[] inputs;
    Tensor output;
    final int[] ints;
    final double scalar;
    final Object info;
    final String name;
    private final int[] versions;

    /** Records an op; see the class comment for the meaning of the attributes. */
    public Node(Op op, String name, Tensor[] inputs, Tensor output, int[] ints, double scalar, Object info) {
        this.op = op;
        this.name = name;
        this.inputs = inputs;
        this.output = output;
        this.ints = ints;
        this.scalar = scalar;
        this.info = info;
        this.versions = new int[inputs.length + 1];
        for (int i = 0; i < inputs.length; i++) {
            versions[i] = inputs[i] == null ? 0 : inputs[i].version();
        }
        versions[inputs.length] = output.version();
    }

    /** The op's user-facing name (e.g. {@code exp}, {@code conv2d}), used in messages. */
    public String name() {
        return name;
    }

    /** The recorded inputs. */
    public Tensor input(int i) {
        return inputs[i];
    }

    /** Number of inputs. */
    public int inputCount() {
        return inputs.length;
    }

    /** The op's output as computed in the forward pass. */
    public Tensor output() {
        return output;
    }

    /** Integer attributes. */
    public int[] ints() {
        return ints;
    }

    /** The op's other attribute (e.g. its {@link FusedRule}). */
    public Object info() {
        return info;
    }

    /** Fails if a tensor this node saved was modified in place after the forward pass. */
    void checkVersions() {
        for (int i = 0; i <= inputs.length; i++) {
            Tensor t = i < inputs.length ? inputs[i] : output;
            if (t != null && t.version() != versions[i]) {
                throw new IllegalStateException(name + ": a tensor saved for the backward pass (" + (i < inputs.length
                        ? "input " + i : "output") + ", shape " + Arrays.toString(t.shape())
                        + ") was modified by an in-place operation after it was used");
            }
        }
    }

    /** Drops the references to saved tensors once backward has used them. */
    void free() {
        inputs = null;
        output = null;
    }

    boolean isFreed() {
        return inputs == null;
    }
}
