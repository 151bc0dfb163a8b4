package dev.nabla.backend.fused;

import dev.nabla.backend.Conv2dGeometry;
import dev.nabla.backend.Strided;

/**
 * Fused 2-D convolution (cross-correlation, as in PyTorch), NCHW. Shapes:
 * {@code x (N,C,H,W), w (OC, C/groups, KH, KW), bias (OC) -> out (N,OC,OH,OW)}; geometry {@code g}
 * describes {@code x} and the window. All views are contiguous.
 */
public interface ConvKernels {
    /** {@code out = conv2d(x, w) + bias} ({@code bias} may be null). */
    void conv2dForward(Conv2dGeometry g, int groups, Strided x, Strided w, Strided bias, Strided out);

    /** Overwrites {@code dx (N,C,H,W)} with the gradient of the convolution with respect to its input. */
    void conv2dBackwardData(Conv2dGeometry g, int groups, Strided grad, Strided w, Strided dx);

    /** Overwrites {@code dw (OC, C/groups, KH, KW)} with the gradient with respect to the weight. */
    void conv2dBackwardWeight(Conv2dGeometry g, int groups, Strided x, Strided grad, Strided dw);
}
