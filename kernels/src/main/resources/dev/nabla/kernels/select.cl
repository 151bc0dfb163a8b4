/*
 * Selection kernels; T is the value type, U the condition or index type.
 *
 *   where        out = cond != 0 ? a : b; Layout views: 0 = cond (U), 1 = a, 2 = b, 3 = out.
 *   gather       out[.., j, ..] = x[.., index[.., j, ..], ..] along an axis; Layout over out's shape,
 *                views: 0 = x with its axis stride zeroed, 1 = index, 2 = out. x's axis has `len`
 *                elements `step` apart.
 *   scatter_add  out[.., index[.., j, ..], ..] += src[.., j, ..]; Layout over src's shape with the
 *                axis at size 1 (one element per fibre), views: 0 = src, 1 = index, 2 = out. A work-item
 *                walks its fibre in order, so repeated indices accumulate without atomics, deterministically.
 * An index outside [0, len) is recorded in err (see nb_report_index) and skipped; the host throws.
 * Launch: 1-D, grid-stride loop.
 */
#include "common.h"

KERNEL where(GLOBAL const U* cond, GLOBAL const T* a, GLOBAL const T* b, GLOBAL T* out, const Layout l) {
    for (int i = GLOBAL_ID(0); i < l.count; i += GLOBAL_SIZE(0)) {
        int o[4];
        nb_offsets(&l, i, 4, o);
        out[o[3]] = cond[o[0]] != 0 ? a[o[1]] : b[o[2]];
    }
}

KERNEL gather(GLOBAL const T* x, GLOBAL const U* index, GLOBAL T* out, const Layout l, int len, int step,
              GLOBAL int* err) {
    for (int i = GLOBAL_ID(0); i < l.count; i += GLOBAL_SIZE(0)) {
        int o[3];
        nb_offsets(&l, i, 3, o);
        nb_i64 k = (nb_i64) index[o[1]];
        if (k < 0 || k >= len) {
            nb_report_index(err, k);
        } else {
            out[o[2]] = x[o[0] + (int) k * step];
        }
    }
}

KERNEL scatter_add(GLOBAL const T* src, GLOBAL const U* index, GLOBAL T* out, const Layout l, int len,
                   int srcStep, int indexStep, int outLen, int outStep, GLOBAL int* err) {
    for (int i = GLOBAL_ID(0); i < l.count; i += GLOBAL_SIZE(0)) {
        int o[3];
        nb_offsets(&l, i, 3, o);
        for (int j = 0; j < len; j++) {
            nb_i64 k = (nb_i64) index[o[1] + j * indexStep];
            if (k < 0 || k >= outLen) {
                nb_report_index(err, k);
            } else {
                out[o[2] + (int) k * outStep] += src[o[0] + j * srcStep];
            }
        }
    }
}
