package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/** Reshapes each sample: {@code (N, ...) -> (N, shape...)} (e.g. an autoencoder's 784 outputs back to 1x28x28). */
public class Reshape extends Module {
    private final int[] shape;

    public Reshape(int... shape) {
        this.shape = shape.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        int[] full = new int[shape.length + 1];
        full[0] = x.size(0);
        System.arraycopy(shape, 0, full, 1, shape.length);
        return x.reshape(full);
    }

    @Override
    protected String extraRepr() {
        return java.util.Arrays.toString(shape);
    }
}
