package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/** How a loss reduces its per-element values, as PyTorch's {@code reduction=} argument. */
public enum Reduction {
    /** Mean over every element. */
    MEAN,
    /** Sum over every element. */
    SUM,
    /** Sum divided by the batch size (dimension 0): the mathematically correct KL divergence. */
    BATCHMEAN,
    /** No reduction: the per-element (or per-sample) values. */
    NONE;

    /** Applies this reduction. */
    public Tensor apply(Tensor values) {
        return switch (this) {
            case MEAN -> values.mean();
            case SUM -> values.sum();
            case BATCHMEAN -> values.sum().div(values.rank() == 0 ? 1 : values.size(0));
            case NONE -> values;
        };
    }
}
