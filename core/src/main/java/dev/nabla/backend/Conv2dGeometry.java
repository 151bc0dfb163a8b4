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
        if (oh() <= 0 || ow() <= 0) {
            throw new IllegalArgumentException("Conv2dGeometry: window (" + kh + "x" + kw + ", dilation "
                    + dilationH + "x" + dilationW + ") does not fit input " + h + "x" + w
                    + " with padding " + padH + "x" + padW);
        }
    }

    /** Output height. */
    public int oh() {
        return (h + 2 * padH - dilationH * (kh - 1) - 1) / strideH + 1;
    }

    /** Output width. */
    public int ow() {
        return (w + 2 * padW - dilationW * (kw - 1) - 1) / strideW + 1;
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
