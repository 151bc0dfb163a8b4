package dev.nabla.cpu;

import dev.nabla.backend.Conv2dGeometry;

/**
 * One image's channels copied into zero-bordered planes, the layout of the convolutions that read
 * their input in place: with rows {@code wp} apart, output pixel (y, x) of a stride-1 convolution
 * reads tap (c, i, j) at {@code y*wp + x + tapOffset}, so every tap is one contiguous run per row.
 */
final class CpuPlanes {
    private CpuPlanes() {
    }

    /** Whether a convolution reads its input this way: stride 1 and one group (any padding and dilation). */
    static boolean applies(Conv2dGeometry g, int groups) {
        return groups == 1 && g.strideH() == 1 && g.strideW() == 1;
    }

    /**
     * Image n of x (N,C,H,W) contiguous at x0 -> the interiors of C planes at {@code pad} (planes
     * {@code plane} floats apart, rows {@code wp} apart, after the geometry's top and left borders);
     * the borders are left as they are (zero once filled).
     */
    static void copyImage(Conv2dGeometry g, float[] x, int x0, int n, float[] pad, int wp, int plane) {
        for (int c = 0; c < g.c(); c++) {
            for (int y = 0; y < g.h(); y++) {
                CpuVecCopy.copy(x, x0 + ((n * g.c() + c) * g.h() + y) * g.w(), pad,
                        c * plane + (y + g.padH()) * wp + g.padW(), g.w());
            }
        }
    }

    /** Tap t = (c, i, j)'s offset in such planes, taps in weight order, into {@code offs}. */
    static void tapOffsets(Conv2dGeometry g, int wp, int plane, int[] offs) {
        int t = 0;
        for (int c = 0; c < g.c(); c++) {
            for (int i = 0; i < g.kh(); i++) {
                for (int j = 0; j < g.kw(); j++) {
                    offs[t++] = c * plane + i * g.dilationH() * wp + j * g.dilationW();
                }
            }
        }
    }
}
