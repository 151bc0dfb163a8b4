package dev.nabla.backend.fused;

import dev.nabla.backend.Conv2dGeometry;
import dev.nabla.backend.Strided;

/**
 * Fused 2-D pooling per channel, NCHW, contiguous views: {@code x (N,C,H,W) -> out (N,C,OH,OW)}.
 * Padding never wins a max and, for averages, counts toward the divisor only when
 * {@code countIncludePad} (PyTorch's default).
 */
public interface PoolKernels {
    /**
     * Max over each window; {@code indices} (INT64, shape of {@code out}) receives the position of the
     * first maximum as {@code y * W + x} within the input plane, as PyTorch's return_indices does.
     */
    void maxPool2dForward(Conv2dGeometry g, Strided x, Strided out, Strided indices);

    /** Overwrites {@code dx} with {@code grad} routed to the recorded {@code indices} (accumulating overlaps). */
    void maxPool2dBackward(Conv2dGeometry g, Strided grad, Strided indices, Strided dx);

    /** Mean over each window. */
    void avgPool2dForward(Conv2dGeometry g, boolean countIncludePad, Strided x, Strided out);

    /** Overwrites {@code dx} with the gradient of {@link #avgPool2dForward}. */
    void avgPool2dBackward(Conv2dGeometry g, boolean countIncludePad, Strided grad, Strided dx);
}
