package dev.nabla.nn;

import dev.nabla.backend.UnaryOp;
import dev.nabla.tensor.Tensor;

/**
 * Functional forms of the network ops (PyTorch's {@code torch.nn.functional}). Each uses the
 * backend's fused kernel when it implements one and a composite of tensor primitives otherwise;
 * gradients flow either way.
 *
 * <pre>{@code
 * Tensor h = Functional.conv2d(x, w1, b1, 1, 2);                 // stride 1, padding 2
 * h = Functional.maxPool2d(h.relu(), 2);
 * Tensor loss = Functional.crossEntropy(logits, labels);       // mean over the batch
 * }</pre>
 */
public final class Functional {
    private Functional() {
    }

    /** 2-D convolution with square stride and padding, dilation 1, one group; {@code bias} may be null. */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor bias, int stride, int padding) {
        return conv2d(x, w, bias, new int[] {stride, stride}, new int[] {padding, padding}, new int[] {1, 1}, 1);
    }

    /**
     * 2-D convolution (cross-correlation) of {@code x (N,C,H,W)} with {@code w (OC, C/groups, KH, KW)}
     * plus {@code bias (OC)} (nullable), giving {@code (N, OC, OH, OW)}.
     */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        return Conv.conv2d(x, w, bias, stride, padding, dilation, groups);
    }

    /** 1-D convolution of {@code x (N,C,L)} with {@code w (OC, C/groups, K)}. */
    public static Tensor conv1d(Tensor x, Tensor w, Tensor bias, int stride, int padding, int dilation, int groups) {
        return Conv.conv1d(x, w, bias, stride, padding, dilation, groups);
    }

    /** Max pooling with a square window, stride equal to the window, no padding. */
    public static Tensor maxPool2d(Tensor x, int kernel) {
        return maxPool2d(x, new int[] {kernel, kernel}, new int[] {kernel, kernel}, new int[] {0, 0}, new int[] {1, 1});
    }

    /** Max pooling of {@code (N,C,H,W)}; the gradient goes to the first maximum of each window. */
    public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation) {
        return Pool.maxPool2d(x, kernel, stride, padding, dilation);
    }

    /** Average pooling with a square window, stride equal to the window, no padding. */
    public static Tensor avgPool2d(Tensor x, int kernel) {
        return avgPool2d(x, new int[] {kernel, kernel}, new int[] {kernel, kernel}, new int[] {0, 0}, true);
    }

    /** Average pooling of {@code (N,C,H,W)}; {@code countIncludePad} as in PyTorch (default true). */
    public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
        return Pool.avgPool2d(x, kernel, stride, padding, countIncludePad);
    }

    /** Softmax along {@code axis}. */
    public static Tensor softmax(Tensor x, int axis) {
        return Softmax.softmax(x, axis, false);
    }

    /** Log-softmax along {@code axis}, computed without forming the softmax. */
    public static Tensor logSoftmax(Tensor x, int axis) {
        return Softmax.softmax(x, axis, true);
    }

    /** Mean cross-entropy of logits {@code (N, C)} against class indices {@code (N)} (int32/int64). */
    public static Tensor crossEntropy(Tensor logits, Tensor labels) {
        return Softmax.crossEntropyPerSample(logits, labels).mean();
    }

    /** Cross-entropy per sample, shape {@code (N)}. */
    public static Tensor crossEntropyPerSample(Tensor logits, Tensor labels) {
        return Softmax.crossEntropyPerSample(logits, labels);
    }

    /**
     * Batch normalisation of {@code (N, C, ...)}. In training it normalises with batch statistics and
     * updates the running ones (when given) with {@code momentum}, as PyTorch does; in evaluation it
     * uses the running statistics. {@code gamma}/{@code beta} may be null (no affine transform).
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor gamma, Tensor beta,
                                   boolean training, double momentum, double eps) {
        return Normalization.batchNorm(x, runningMean, runningVar, gamma, beta, training, momentum, eps);
    }

    /** {@code activation(x + bias)}, bias along dimension 1; {@code activation} null means identity. */
    public static Tensor biasActivation(Tensor x, Tensor bias, UnaryOp activation, double alpha) {
        return BiasActivation.apply(x, bias, activation, alpha);
    }

    /** Applies one of the unary activations. */
    public static Tensor activation(Tensor x, UnaryOp activation, double alpha) {
        return switch (activation) {
            case LEAKY_RELU -> x.leakyRelu(alpha);
            case ELU -> x.elu(alpha);
            case RELU -> x.relu();
            case SIGMOID -> x.sigmoid();
            case TANH -> x.tanh();
            case SOFTPLUS -> x.softplus();
            case STEP -> x.step();
            case SIGN -> x.sign();
            case NEG -> x.neg();
            case ABS -> x.abs();
            case EXP -> x.exp();
            case LOG -> x.log();
            case SQRT -> x.sqrt();
            case RECIPROCAL -> x.reciprocal();
            case ERF -> x.erf();
        };
    }

    /** Piecewise-linear sigmoid: {@code clamp(x/6 + 1/2, 0, 1)} (PyTorch's hardsigmoid). */
    public static Tensor hardSigmoid(Tensor x) {
        return x.div(6).add(0.5).clamp(0, 1);
    }

    /** GELU with the exact erf form: {@code x * (1 + erf(x / sqrt 2)) / 2}. */
    public static Tensor gelu(Tensor x) {
        return x.mul(x.div(Math.sqrt(2)).erf().add(1)).mul(0.5);
    }
}
