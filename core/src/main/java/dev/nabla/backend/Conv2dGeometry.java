package dev.nabla.backend;

/**
 * Geometry of a 2-D sliding window over an NCHW input, shared by im2col/col2im, convolution and
 * pooling: input {@code (N, C, H, W)}, window {@code (KH, KW)} with stride, zero padding and
 * dilation, output spatial size {@code (OH, OW)}.
 */
public record Conv2dGeometry(int n, int c, int h, int w, int kh, int kw,
                             int strideH, int strideW, int padH, int padW, int dilationH, int dilationW) {

    public Conv2dGeometry {
        if (n < 0 || c <= 0 || h <= 0 || w <= 0 || kh <= 0 || kw <= 0 || strideH <= 0 || strideW <= 0
                || padH < 0 || padW < 0 || dilationH <= 0 || dilationW <= 0) {
            throw new IllegalArgumentException("Conv2dGeometry: invalid " + this);
        }
        if (outputSize(h, kh, strideH, padH, dilationH) <= 0 || outputSize(w, kw, strideW, padW, dilationW) <= 0) {
            throw new IllegalArgumentException("Conv2dGeometry: window (" + kh + "x" + kw + ", dilation "
                    + dilationH + "x" + dilationW + ") does not fit input " + h + "x" + w
                    + " with padding " + padH + "x" + padW);
        }
    }

    /** Output height. */
    public int oh() {
        return outputSize(h, kh, strideH, padH, dilationH);
    }

    /** Output width. */
    public int ow() {
        return outputSize(w, kw, strideW, padW, dilationW);
    }

    /** Windows along one axis: {@code floor((in + 2 pad - dilation (k - 1) - 1) / stride) + 1}. */
    private static int outputSize(int in, int k, int stride, int pad, int dilation) {
        int span = in + 2 * pad - dilation * (k - 1) - 1;
        return span < 0 ? 0 : span / stride + 1;
    }

    /** Rows of one image's column matrix: {@code C * KH * KW}. */
    public int colRows() {
        return c * kh * kw;
    }

    /** Columns of one image's column matrix: {@code OH * OW}. */
    public int colCols() {
        return oh() * ow();
    }
}
