/*
 * reduce_<op>: reductions of x (type T) along one axis; out keeps the axis with size 1.
 *   Layout over out's shape; views: 0 = x (its axis stride is applied through `step`), 1 = out.
 *   Row r (= element r of out) is x[o0 + j * step], j < len.
 *   reduce_sum/max/min write T; reduce_argmax/argmin write nb_i64, the first index of the extreme
 *   (the first NaN if any).
 * Launch: 1-D, local size L (a power of two, <= 256), any number of groups. A group reduces L / lanes
 * rows at a time with `lanes` work-items per row (a power of two), each summing a strided share
 * (j = lane, lane + lanes, ...) before a tree in local memory. The partition depends only on
 * (len, lanes, L), so results never depend on timing.
 */
#include "common.h"

#define RED_SUM 0
#define RED_MAX 1
#define RED_MIN 2
#define RED_ARGMAX 3
#define RED_ARGMIN 4
#define RED_LOCAL 256

/* True when (vb, ib) beats (va, ia) for argmax (sign 1) or argmin (sign -1); ib < 0 is empty. */
INLINE int nb_arg_better(T_ACC vb, int ib, T_ACC va, int ia, int sign) {
    if (ib < 0) {
        return 0;
    }
    if (ia < 0) {
        return 1;
    }
    int nanA = va != va;
    int nanB = vb != vb;
    int strictly = sign > 0 ? vb > va : vb < va;
    if (strictly || (nanB && !nanA)) {
        return 1;
    }
    int tie = (vb == va) || (nanA && nanB);
    return tie && ib < ia;
}

INLINE void nb_reduce(GLOBAL const T* x, GLOBAL T* out, GLOBAL nb_i64* outIndex, const Layout* l, int len,
                      int step, int lanes, int op, LOCAL T_ACC* sv, LOCAL int* si) {
    int tid = LOCAL_ID(0);
    int lane = tid & (lanes - 1);
    int rowsPerGroup = LOCAL_SIZE(0) / lanes;
    int sign = op == RED_ARGMAX ? 1 : -1;
    for (int first = GROUP_ID(0) * rowsPerGroup; first < l->count; first += NUM_GROUPS(0) * rowsPerGroup) {
        int row = first + tid / lanes;
        int o[2] = {0, 0};
        T_ACC acc = op == RED_SUM ? 0 : (op == RED_MIN ? T_HIGHEST : T_LOWEST);
        int best = -1;
        if (row < l->count) {
            nb_offsets(l, row, 2, o);
            for (int j = lane; j < len; j += lanes) {
                T_ACC v = (T_ACC) x[o[0] + j * step];
                if (op == RED_SUM) {
                    acc += v;
                } else if (op == RED_MAX) {
                    acc = nb_max(acc, v);
                } else if (op == RED_MIN) {
                    acc = nb_min(acc, v);
                } else if (nb_arg_better(v, j, acc, best, sign)) {
                    acc = v;
                    best = j;
                }
            }
        }
        sv[tid] = acc;
        si[tid] = best;
        BARRIER();
        for (int s = lanes >> 1; s > 0; s >>= 1) {
            if (lane < s) {
                if (op == RED_SUM) {
                    sv[tid] += sv[tid + s];
                } else if (op == RED_MAX) {
                    sv[tid] = nb_max(sv[tid], sv[tid + s]);
                } else if (op == RED_MIN) {
                    sv[tid] = nb_min(sv[tid], sv[tid + s]);
                } else if (nb_arg_better(sv[tid + s], si[tid + s], sv[tid], si[tid], sign)) {
                    sv[tid] = sv[tid + s];
                    si[tid] = si[tid + s];
                }
            }
            BARRIER();
        }
        if (lane == 0 && row < l->count) {
            if (op >= RED_ARGMAX) {
                outIndex[o[1]] = si[tid] < 0 ? 0 : si[tid];
            } else {
                out[o[1]] = (T) sv[tid];
            }
        }
        BARRIER();
    }
}

#define REDUCE(name, code, OUT_T) \
KERNEL reduce_##name(GLOBAL const T* x, GLOBAL OUT_T* out, const Layout l, int len, int step, int lanes) { \
    LOCAL_MEM T_ACC sv[RED_LOCAL]; \
    LOCAL_MEM int si[RED_LOCAL]; \
    nb_reduce(x, (GLOBAL T*) out, (GLOBAL nb_i64*) out, &l, len, step, lanes, code, sv, si); \
}
REDUCE(sum, RED_SUM, T)
REDUCE(max, RED_MAX, T)
REDUCE(min, RED_MIN, T)
REDUCE(argmax, RED_ARGMAX, nb_i64)
REDUCE(argmin, RED_ARGMIN, nb_i64)
