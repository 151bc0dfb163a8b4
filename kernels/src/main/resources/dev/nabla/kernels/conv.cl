/*
 * Sliding-window kernels over NCHW planes; T float types. Geometry as dev.nabla.backend.Conv2dGeometry.
 *
 *   im2col   x (N,C,H,W) strided (xs = its 4 strides) -> col (N, C*KH*KW, OH*OW) contiguous:
 *            col[n, (c*KH + i)*KW + j, oy*OW + ox] = x[n, c, oy*sh - ph + i*dh, ox*sw - pw + j*dw] or pad.
 *   col2im   col (N, C*KH*KW, OH*OW) -> dx (N,C,H,W) strided: each input position sums the column
 *            entries that read it (a gather per position: no atomics, a fixed order).
 *   max_pool2d_forward   x (N,C,H,W) -> out, indices (N,C,OH,OW); indices hold y*W + x of the first max.
 *   max_pool2d_backward  grad, indices (N,C,OH,OW) -> dx (N,C,H,W), gathered per input position.
 *   avg_pool2d_forward / avg_pool2d_backward   likewise; no dilation; the divisor is KH*KW or, without
 *            countIncludePad, the number of window positions inside the input.
 * Pooling views are contiguous from the given offsets. Launch: 1-D, one work-item per output element
 * (per input element for the backward kernels), grid-stride loop.
 */
#include "common.h"

typedef struct {
    int n, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow;
} Geometry;

#define NB_FOR_EACH(i, count) for (int i = GLOBAL_ID(0); i < (count); i += GLOBAL_SIZE(0))

/* The window oy * OW + ox whose tap (i, j) reads input position (y, x), or -1: the adjoint of a window. */
INLINE int nb_window_of(const Geometry* g, int y, int x, int i, int j, int dh, int dw) {
    int ty = y + g->ph - i * dh;
    int tx = x + g->pw - j * dw;
    if (ty < 0 || tx < 0 || ty % g->sh != 0 || tx % g->sw != 0 || ty / g->sh >= g->oh || tx / g->sw >= g->ow) {
        return -1;
    }
    return (ty / g->sh) * g->ow + tx / g->sw;
}

KERNEL im2col(const Geometry g, GLOBAL const T* x, int xOff, int s0, int s1, int s2, int s3, T pad,
              GLOBAL T* col, int colOff) {
    int count = g.n * g.c * g.kh * g.kw * g.oh * g.ow;
    NB_FOR_EACH(e, count) {
        int ox = e % g.ow;
        int t = e / g.ow;
        int oy = t % g.oh;
        t /= g.oh;
        int j = t % g.kw;
        t /= g.kw;
        int i = t % g.kh;
        t /= g.kh;
        int c = t % g.c;
        int n = t / g.c;
        int y = oy * g.sh - g.ph + i * g.dh;
        int xx = ox * g.sw - g.pw + j * g.dw;
        int inside = y >= 0 && y < g.h && xx >= 0 && xx < g.w;
        col[colOff + e] = inside ? x[xOff + n * s0 + c * s1 + y * s2 + xx * s3] : pad;
    }
}

KERNEL col2im(const Geometry g, GLOBAL const T* col, int colOff, GLOBAL T* dx, int dxOff,
              int s0, int s1, int s2, int s3) {
    int count = g.n * g.c * g.h * g.w;
    int windows = g.oh * g.ow;
    NB_FOR_EACH(e, count) {
        int xx = e % g.w;
        int t = e / g.w;
        int y = t % g.h;
        t /= g.h;
        int c = t % g.c;
        int n = t / g.c;
        T_ACC sum = 0;
        for (int i = 0; i < g.kh; i++) {
            for (int j = 0; j < g.kw; j++) {
                int window = nb_window_of(&g, y, xx, i, j, g.dh, g.dw);
                if (window >= 0) {
                    int row = (c * g.kh + i) * g.kw + j;
                    sum += col[colOff + (n * g.c * g.kh * g.kw + row) * windows + window];
                }
            }
        }
        dx[dxOff + n * s0 + c * s1 + y * s2 + xx * s3] = (T) sum;
    }
}

KERNEL max_pool2d_forward(const Geometry g, GLOBAL const T* x, int xOff, GLOBAL T* out, int outOff,
                          GLOBAL nb_i64* indices, int indicesOff) {
    int count = g.n * g.c * g.oh * g.ow;
    NB_FOR_EACH(e, count) {
        int ox = e % g.ow;
        int oy = (e / g.ow) % g.oh;
        int plane = e / (g.ow * g.oh);
        GLOBAL const T* in = x + xOff + plane * g.h * g.w;
        T best = -NB_INF;
        int bestIndex = -1;
        for (int i = 0; i < g.kh; i++) {
            int y = oy * g.sh - g.ph + i * g.dh;
            for (int j = 0; j < g.kw; j++) {
                int xx = ox * g.sw - g.pw + j * g.dw;
                if (y >= 0 && y < g.h && xx >= 0 && xx < g.w) {
                    T v = in[y * g.w + xx];
                    if (bestIndex < 0 || v > best || (v != v && best == best)) {
                        best = v;
                        bestIndex = y * g.w + xx;
                    }
                }
            }
        }
        out[outOff + e] = best;
        indices[indicesOff + e] = bestIndex;
    }
}

KERNEL max_pool2d_backward(const Geometry g, GLOBAL const T* grad, int gradOff, GLOBAL const nb_i64* indices,
                           int indicesOff, GLOBAL T* dx, int dxOff) {
    int count = g.n * g.c * g.h * g.w;
    NB_FOR_EACH(e, count) {
        int xx = e % g.w;
        int y = (e / g.w) % g.h;
        int plane = e / (g.w * g.h);
        int base = plane * g.oh * g.ow;
        T_ACC sum = 0;
        for (int i = 0; i < g.kh; i++) {
            for (int j = 0; j < g.kw; j++) {
                int window = nb_window_of(&g, y, xx, i, j, g.dh, g.dw);
                if (window >= 0 && indices[indicesOff + base + window] == y * g.w + xx) {
                    sum += grad[gradOff + base + window];
                }
            }
        }
        dx[dxOff + e] = (T) sum;
    }
}

/* Divisor of window (oy, ox) for average pooling. */
INLINE int nb_avg_divisor(const Geometry* g, int oy, int ox, int countIncludePad) {
    if (countIncludePad) {
        return g->kh * g->kw;
    }
    int y0 = oy * g->sh - g->ph;
    int x0 = ox * g->sw - g->pw;
    int rows = min(y0 + g->kh, g->h) - max(y0, 0);
    int cols = min(x0 + g->kw, g->w) - max(x0, 0);
    return rows * cols;
}

KERNEL avg_pool2d_forward(const Geometry g, int countIncludePad, GLOBAL const T* x, int xOff, GLOBAL T* out,
                          int outOff) {
    int count = g.n * g.c * g.oh * g.ow;
    NB_FOR_EACH(e, count) {
        int ox = e % g.ow;
        int oy = (e / g.ow) % g.oh;
        int plane = e / (g.ow * g.oh);
        GLOBAL const T* in = x + xOff + plane * g.h * g.w;
        T_ACC sum = 0;
        for (int i = 0; i < g.kh; i++) {
            int y = oy * g.sh - g.ph + i;
            for (int j = 0; j < g.kw; j++) {
                int xx = ox * g.sw - g.pw + j;
                if (y >= 0 && y < g.h && xx >= 0 && xx < g.w) {
                    sum += in[y * g.w + xx];
                }
            }
        }
        out[outOff + e] = (T) (sum / nb_avg_divisor(&g, oy, ox, countIncludePad));
    }
}

KERNEL avg_pool2d_backward(const Geometry g, int countIncludePad, GLOBAL const T* grad, int gradOff,
                           GLOBAL T* dx, int dxOff) {
    int count = g.n * g.c * g.h * g.w;
    NB_FOR_EACH(e, count) {
        int xx = e % g.w;
        int y = (e / g.w) % g.h;
        int plane = e / (g.w * g.h);
        T_ACC sum = 0;
        for (int i = 0; i < g.kh; i++) {
            for (int j = 0; j < g.kw; j++) {
                int window = nb_window_of(&g, y, xx, i, j, 1, 1);
                if (window >= 0) {
                    sum += grad[gradOff + plane * g.oh * g.ow + window]
                            / nb_avg_divisor(&g, window / g.ow, window % g.ow, countIncludePad);
                }
            }
        }
        dx[dxOff + e] = (T) sum;
    }
}
