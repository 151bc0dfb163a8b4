/*
 * copy: src (type T) -> dst (type U), same shape, any strides; views: 0 = src, 1 = dst.
 * Converts as Java casts do: float to int toward zero, saturating, NaN to 0. Launch: 1-D, grid-stride loop.
 */
#include "common.h"

KERNEL copy(GLOBAL const T* src, GLOBAL U* dst, const Layout l) {
    for (int i = GLOBAL_ID(0); i < l.count; i += GLOBAL_SIZE(0)) {
        int o[2];
        nb_offsets(&l, i, 2, o);
#if T_IS_FLOAT && defined(U_I32)
        dst[o[1]] = NB_SAT_INT(src[o[0]]);
#elif T_IS_FLOAT && defined(U_I64)
        dst[o[1]] = NB_SAT_LONG(src[o[0]]);
#else
        dst[o[1]] = (U) src[o[0]];  /* integer narrowing wraps, as in Java */
#endif
    }
}
