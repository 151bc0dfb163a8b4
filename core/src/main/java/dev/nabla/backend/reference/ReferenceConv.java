package dev.nabla.backend.reference;

import dev.nabla.backend.Conv2dGeometry;
import dev.nabla.backend.Strided;

/** Direct (loop) convolution and pooling: an oracle independent of the im2col composites. */
final class ReferenceConv {
    private ReferenceConv() {
    }

    // x (N,C,H,W), w (OC, C/groups, KH, KW), bias (OC) or null -> out (N,OC,OH,OW); all contiguous
    static void forward(Conv2dGeometry g, int groups, Strided x, Strided w, Strided bias, Strided out) {
        ReferenceBuffer bx = ReferenceBackend.own(x.buffer(), "conv2d");
        ReferenceBuffer bw = ReferenceBackend.own(w.buffer(), "conv2d");
        ReferenceBuffer bo = ReferenceBackend.own(out.buffer(), "conv2d");
        ReferenceBuffer bb = bias == null ? null : ReferenceBackend.own(bias.buffer(), "conv2d");
        int oc = w.shape()[0];
        int cg = g.c() / groups;
        int ocg = oc / groups;
        for (int n = 0; n < g.n(); n++) {
            for (int o = 0; o < oc; o++) {
                int group = o / ocg;
                for (int oy = 0; oy < g.oh(); oy++) {
                    for (int ox = 0; ox < g.ow(); ox++) {
                        double sum = bb == null ? 0 : bb.get(bias.offset() + o);
                        for (int c = 0; c < cg; c++) {
                            for (int i = 0; i < g.kh(); i++) {
                                for (int j = 0; j < g.kw(); j++) {
                                    int y = oy * g.strideH() - g.padH() + i * g.dilationH();
                                    int xx = ox * g.strideW() - g.padW() + j * g.dilationW();
                                    if (y >= 0 && y < g.h() && xx >= 0 && xx < g.w()) {
                                        sum += bx.get(x.offset() + ((n * g.c() + group * cg + c) * g.h() + y) * g.w() + xx)
                                                * bw.get(w.offset() + ((o * cg + c) * g.kh() + i) * g.kw() + j);
                                    }
                                }
                            }
                        }
                        bo.set(out.offset() + ((n * oc + o) * g.oh() + oy) * g.ow() + ox, sum);
                    }
                }
            }
        }
    }

    static void backwardData(Conv2dGeometry g, int groups, Strided grad, Strided w, Strided dx) {
        ReferenceBuffer bg = ReferenceBackend.own(grad.buffer(), "conv2d_backward_data");
        ReferenceBuffer bw = ReferenceBackend.own(w.buffer(), "conv2d_backward_data");
        ReferenceBuffer bd = ReferenceBackend.own(dx.buffer(), "conv2d_backward_data");
        int oc = w.shape()[0];
        int cg = g.c() / groups;
        int ocg = oc / groups;
        double[] acc = new double[g.n() * g.c() * g.h() * g.w()];
        for (int n = 0; n < g.n(); n++) {
            for (int o = 0; o < oc; o++) {
                int group = o / ocg;
                for (int oy = 0; oy < g.oh(); oy++) {
                    for (int ox = 0; ox < g.ow(); ox++) {
                        double gv = bg.get(grad.offset() + ((n * oc + o) * g.oh() + oy) * g.ow() + ox);
                        for (int c = 0; c < cg; c++) {
                            for (int i = 0; i < g.kh(); i++) {
                                for (int j = 0; j < g.kw(); j++) {
                                    int y = oy * g.strideH() - g.padH() + i * g.dilationH();
                                    int xx = ox * g.strideW() - g.padW() + j * g.dilationW();
                                    if (y >= 0 && y < g.h() && xx >= 0 && xx < g.w()) {
                                        acc[((n * g.c() + group * cg + c) * g.h() + y) * g.w() + xx] +=
                                                gv * bw.get(w.offset() + ((o * cg + c) * g.kh() + i) * g.kw() + j);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        for (int i = 0; i < acc.length; i++) {
            bd.set(dx.offset() + i, acc[i]);
        }
    }

    static void backwardWeight(Conv2dGeometry g, int groups, Strided x, Strided grad, Strided dw) {
        ReferenceBuffer bx = ReferenceBackend.own(x.buffer(), "conv2d_backward_weight");
        ReferenceBuffer bg = ReferenceBackend.own(grad.buffer(), "conv2d_backward_weight");
        ReferenceBuffer bd = ReferenceBackend.own(dw.buffer(), "conv2d_backward_weight");
        int oc = dw.shape()[0];
        int cg = g.c() / groups;
        int ocg = oc / groups;
        for (int o = 0; o < oc; o++) {
            int group = o / ocg;
            for (int c = 0; c < cg; c++) {
                for (int i = 0; i < g.kh(); i++) {
                    for (int j = 0; j < g.kw(); j++) {
                        double sum = 0;
                        for (int n = 0; n < g.n(); n++) {
                            for (int oy = 0; oy < g.oh(); oy++) {
                                for (int ox = 0; ox < g.ow(); ox++) {
                                    int y = oy * g.strideH() - g.padH() + i * g.dilationH();
                                    int xx = ox * g.strideW() - g.padW() + j * g.dilationW();
                                    if (y >= 0 && y < g.h() && xx >= 0 && xx < g.w()) {
                                        sum += bg.get(grad.offset() + ((n * oc + o) * g.oh() + oy) * g.ow() + ox)
                                                * bx.get(x.offset() + ((n * g.c() + group * cg + c) * g.h() + y) * g.w() + xx);
                                    }
                                }
                            }
                        }
                        bd.set(dw.offset() + ((o * cg + c) * g.kh() + i) * g.kw() + j, sum);
                    }
                }
            }
        }
    }

    // x (N,C,H,W) -> out, indices (N,C,OH,OW)
    static void maxPoolForward(Conv2dGeometry g, Strided x, Strided out, Strided indices) {
        ReferenceBuffer bx = ReferenceBackend.own(x.buffer(), "max_pool2d");
        ReferenceBuffer bo = ReferenceBackend.own(out.buffer(), "max_pool2d");
        ReferenceBuffer bi = ReferenceBackend.own(indices.buffer(), "max_pool2d");
        int o = 0;
        for (int plane = 0; plane < g.n() * g.c(); plane++) {
            int base = x.offset() + plane * g.h() * g.w();
            for (int oy = 0; oy < g.oh(); oy++) {
                for (int ox = 0; ox < g.ow(); ox++) {
                    double best = Double.NEGATIVE_INFINITY;
                    int bestIndex = -1;
                    for (int i = 0; i < g.kh(); i++) {
                        for (int j = 0; j < g.kw(); j++) {
                            int y = oy * g.strideH() - g.padH() + i * g.dilationH();
                            int xx = ox * g.strideW() - g.padW() + j * g.dilationW();
                            if (y >= 0 && y < g.h() && xx >= 0 && xx < g.w()) {
                                double v = bx.get(base + y * g.w() + xx);
                                if (bestIndex < 0 || v > best || (v != v && best == best)) {
                                    best = v;
                                    bestIndex = y * g.w() + xx;
                                }
                            }
                        }
                    }
                    bo.set(out.offset() + o, best);
                    bi.setLong(indices.offset() + o, bestIndex);
                    o++;
                }
            }
        }
    }

    static void maxPoolBackward(Conv2dGeometry g, Strided grad, Strided indices, Strided dx) {
        ReferenceBuffer bg = ReferenceBackend.own(grad.buffer(), "max_pool2d_backward");
        ReferenceBuffer bi = ReferenceBackend.own(indices.buffer(), "max_pool2d_backward");
        ReferenceBuffer bd = ReferenceBackend.own(dx.buffer(), "max_pool2d_backward");
        double[] acc = new double[g.n() * g.c() * g.h() * g.w()];
        int windows = g.oh() * g.ow();
        for (int plane = 0; plane < g.n() * g.c(); plane++) {
            for (int k = 0; k < windows; k++) {
                int o = plane * windows + k;
                acc[plane * g.h() * g.w() + (int) bi.getLong(indices.offset() + o)] += bg.get(grad.offset() + o);
            }
        }
        for (int i = 0; i < acc.length; i++) {
            bd.set(dx.offset() + i, acc[i]);
        }
    }

    static void avgPoolForward(Conv2dGeometry g, boolean countIncludePad, Strided x, Strided out) {
        ReferenceBuffer bx = ReferenceBackend.own(x.buffer(), "avg_pool2d");
        ReferenceBuffer bo = ReferenceBackend.own(out.buffer(), "avg_pool2d");
        int o = 0;
        for (int plane = 0; plane < g.n() * g.c(); plane++) {
            int base = x.offset() + plane * g.h() * g.w();
            for (int oy = 0; oy < g.oh(); oy++) {
                for (int ox = 0; ox < g.ow(); ox++) {
                    double sum = 0;
                    int inside = 0;
                    for (int i = 0; i < g.kh(); i++) {
                        for (int j = 0; j < g.kw(); j++) {
                            int y = oy * g.strideH() - g.padH() + i;
                            int xx = ox * g.strideW() - g.padW() + j;
                            if (y >= 0 && y < g.h() && xx >= 0 && xx < g.w()) {
                                sum += bx.get(base + y * g.w() + xx);
                                inside++;
                            }
                        }
                    }
                    bo.set(out.offset() + o++, sum / (countIncludePad ? g.kh() * g.kw() : inside));
                }
            }
        }
    }

    static void avgPoolBackward(Conv2dGeometry g, boolean countIncludePad, Strided grad, Strided dx) {
        ReferenceBuffer bg = ReferenceBackend.own(grad.buffer(), "avg_pool2d_backward");
        ReferenceBuffer bd = ReferenceBackend.own(dx.buffer(), "avg_pool2d_backward");
        double[] acc = new double[g.n() * g.c() * g.h() * g.w()];
        int o = 0;
        for (int plane = 0; plane < g.n() * g.c(); plane++) {
            for (int oy = 0; oy < g.oh(); oy++) {
                for (int ox = 0; ox < g.ow(); ox++) {
                    int inside = 0;
                    for (int pass = 0; pass < 2; pass++) {
                        for (int i = 0; i < g.kh(); i++) {
                            for (int j = 0; j < g.kw(); j++) {
                                int y = oy * g.strideH() - g.padH() + i;
                                int xx = ox * g.strideW() - g.padW() + j;
                                if (y >= 0 && y < g.h() && xx >= 0 && xx < g.w()) {
                                    if (pass == 0) {
                                        inside++;
                                    } else {
                                        double divisor = countIncludePad ? g.kh() * g.kw() : inside;
                                        acc[plane * g.h() * g.w() + y * g.w() + xx] += bg.get(grad.offset() + o) / divisor;
                                    }
                                }
                            }
                        }
                    }
                    o++;
                }
            }
        }
        for (int i = 0; i < acc.length; i++) {
            bd.set(dx.offset() + i, acc[i]);
        }
    }
}
