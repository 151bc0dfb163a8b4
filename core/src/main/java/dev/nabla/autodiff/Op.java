package dev.nabla.autodiff;

/**
 * The differentiable primitive tensor ops. Each has exactly one backward rule in
 * {@link Derivatives}; composites (softmax via exp/sum, conv2d via im2col + bmm, ...) get
 * gradients from the rules of the ops they are made of. {@link #FUSED} ops bring their own rule.
 */
public enum Op {
    // views and copies
    RESHAPE, PERMUTE, EXPAND, NARROW, CONTIGUOUS, CAST,
    // element-wise
    UNARY, BINARY, WHERE,
    // reductions
    SUM, MAX, MIN,
    // linear algebra and layout
    BMM, IM2COL,
    // indexing and joining
    GATHER, SCATTER_ADD, CONCAT,
    // an op implemented by a backend kernel whose rule travels with the node (see FusedRule)
    FUSED
}
