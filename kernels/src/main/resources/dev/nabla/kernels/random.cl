/*
 * Counter-based random numbers: Philox4x32-10, the same stream as dev.nabla.backend.Philox.
 *   random_uniform  element i = word i % 4 of block counter + i / 4, as (w >> 8) * 2^-24 in [0, 1)
 *   random_normal   element i from words 0, 1 of block counter + i / 2 (Box-Muller; cos for even i,
 *                   sin for odd), math in double where the device has fp64
 * out: T float types, any strided view (Layout view 0), elements in row-major order.
 * Launch: 1-D, grid-stride loop; every element is a pure function of (seed, counter, i).
 */
#include "common.h"

INLINE void nb_philox(nb_u64 seed, nb_u64 counter, nb_u32* w) {
    nb_u32 c0 = (nb_u32) counter;
    nb_u32 c1 = (nb_u32) (counter >> 32);
    nb_u32 c2 = 0;
    nb_u32 c3 = 0;
    nb_u32 k0 = (nb_u32) seed;
    nb_u32 k1 = (nb_u32) (seed >> 32);
    for (int round = 0; round < 10; round++) {
        nb_u32 hi0 = MUL_HI_U32(0xD2511F53u, c0);
        nb_u32 lo0 = 0xD2511F53u * c0;
        nb_u32 hi1 = MUL_HI_U32(0xCD9E8D57u, c2);
        nb_u32 lo1 = 0xCD9E8D57u * c2;
        c0 = hi1 ^ c1 ^ k0;
        c1 = lo1;
        c2 = hi0 ^ c3 ^ k1;
        c3 = lo0;
        k0 += 0x9E3779B9u;
        k1 += 0xBB67AE85u;
    }
    w[0] = c0;
    w[1] = c1;
    w[2] = c2;
    w[3] = c3;
}

#define TWO_POW_MINUS_24 5.9604644775390625e-8f

KERNEL random_uniform(GLOBAL T* out, const Layout l, nb_u64 seed, nb_u64 counter) {
    for (int i = GLOBAL_ID(0); i < l.count; i += GLOBAL_SIZE(0)) {
        nb_u32 w[4];
        nb_philox(seed, counter + (nb_u64) (i / 4), w);
        int o[1];
        nb_offsets(&l, i, 1, o);
        out[o[0]] = (T) ((float) (w[i % 4] >> 8) * TWO_POW_MINUS_24);
    }
}

KERNEL random_normal(GLOBAL T* out, const Layout l, nb_u64 seed, nb_u64 counter) {
    for (int i = GLOBAL_ID(0); i < l.count; i += GLOBAL_SIZE(0)) {
        nb_u32 w[4];
        nb_philox(seed, counter + (nb_u64) (i / 2), w);
        nb_real u1 = (nb_real) ((w[0] >> 8) + 1) * (nb_real) TWO_POW_MINUS_24;
        nb_real u2 = (nb_real) (w[1] >> 8) * (nb_real) TWO_POW_MINUS_24;
        nb_real radius = sqrt(-2 * log(u1));
        nb_real angle = (nb_real) 6.283185307179586 * u2;
        int o[1];
        nb_offsets(&l, i, 1, o);
        out[o[0]] = (T) ((i & 1) ? radius * sin(angle) : radius * cos(angle));
    }
}
