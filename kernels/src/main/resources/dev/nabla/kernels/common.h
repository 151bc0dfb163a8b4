/*
 * common.h - element types and strided layouts shared by the kernels.
 *
 * A program is built for one element type T (and, where a kernel mixes types, a second type U)
 * chosen by defining one of T_F32 T_F64 T_I32 T_I64 (and U_...). Per type this header defines:
 *   T        the element type                       T_IS_FLOAT  1 for float/double
 *   T_ACC    the accumulator of sums (long for ints) T_REAL      the type element math runs in
 *   T_LOWEST T_HIGHEST  identities of max and min
 *   T_FROM_REAL(x)      a T_REAL result stored as T (Java cast semantics for the integers)
 *
 * Layout describes up to four strided views of one shape, after the host merged dimensions that
 * are contiguous in every view and dropped size-1 dimensions; element i (row-major over shape)
 * of view k lives at offset[k] + sum_d index_d(i) * stride[k][d]. Zero strides broadcast.
 */
#ifndef NABLA_COMMON_H
#define NABLA_COMMON_H
#include "nabla.h"

#ifdef NB_FP64
typedef double nb_real;
#else
typedef float nb_real;
#endif

#if defined(T_F32)
#define T float
#define T_ACC float
#define T_REAL float
#define T_IS_FLOAT 1
#define T_LOWEST (-NB_INF)
#define T_HIGHEST NB_INF
#define T_FROM_REAL(x) ((T) (x))
#elif defined(T_F64)
#define T double
#define T_ACC double
#define T_REAL double
#define T_IS_FLOAT 1
#define T_LOWEST (-NB_INF)
#define T_HIGHEST NB_INF
#define T_FROM_REAL(x) ((T) (x))
#elif defined(T_I32)
#define T int
#define T_ACC nb_i64
#define T_REAL nb_real
#define T_IS_FLOAT 0
#define T_LOWEST (-2147483647 - 1)
#define T_HIGHEST 2147483647
#define T_FROM_REAL(x) NB_SAT_INT(x)
#elif defined(T_I64)
#define T nb_i64
#define T_ACC nb_i64
#define T_REAL nb_real
#define T_IS_FLOAT 0
#define T_LOWEST (-9223372036854775807LL - 1)
#define T_HIGHEST 9223372036854775807LL
#define T_FROM_REAL(x) NB_SAT_LONG(x)
#endif

#if defined(U_F32)
#define U float
#elif defined(U_F64)
#define U double
#elif defined(U_I32)
#define U int
#elif defined(U_I64)
#define U nb_i64
#endif

#ifdef __CUDACC__
/* CUDA's vector loads need 16-byte alignment and double4 is deprecated: four scalars instead. */
typedef struct { T x, y, z, w; } nb_t4;
#define T4 nb_t4
INLINE nb_t4 nb_load4(const T* p) {
    nb_t4 v = {p[0], p[1], p[2], p[3]};
    return v;
}
#else
#define T4 NB_CAT(T, 4)
#endif

#define NB_MAX_RANK 8
typedef struct {
    int rank;
    int count;
    int offset[4];
    int shape[NB_MAX_RANK];
    int stride[4][NB_MAX_RANK];
} Layout;

/* Offsets of element i in the first `views` views of l. */
INLINE void nb_offsets(const Layout* l, int i, int views, int* o) {
    for (int k = 0; k < views; k++) {
        o[k] = l->offset[k];
    }
    for (int d = l->rank - 1; d >= 0; d--) {
        int s = l->shape[d];
        int q = i / s;
        int r = i - q * s;
        i = q;
        for (int k = 0; k < views; k++) {
            o[k] += r * l->stride[k][d];
        }
    }
}

/* Maximum and minimum that propagate NaN (fmax/fmin would drop it). */
INLINE T_ACC nb_max(T_ACC a, T_ACC b) {
    return (a != a || b != b) ? a + b : (a > b ? a : b);
}

INLINE T_ACC nb_min(T_ACC a, T_ACC b) {
    return (a != a || b != b) ? a + b : (a < b ? a : b);
}

/* Records the first out-of-range index k found by any work-item: err = {1, low word, high word}. */
INLINE void nb_report_index(GLOBAL int* err, nb_i64 k) {
    if (ATOMIC_CAS(err, 0, 1) == 0) {
        err[1] = (int) k;
        err[2] = (int) (k >> 32);
    }
}

/* Tree sum of sv[tid] over `lanes` consecutive work-items (a power of two) into the segment's first. */
INLINE void nb_tree_sum(LOCAL T_ACC* sv, int tid, int lanes) {
    for (int s = lanes >> 1; s > 0; s >>= 1) {
        if ((tid & (lanes - 1)) < s) {
            sv[tid] += sv[tid + s];
        }
        BARRIER();
    }
}

INLINE void nb_tree_max(LOCAL T_ACC* sv, int tid, int lanes) {
    for (int s = lanes >> 1; s > 0; s >>= 1) {
        if ((tid & (lanes - 1)) < s) {
            sv[tid] = nb_max(sv[tid], sv[tid + s]);
        }
        BARRIER();
    }
}

#endif /* NABLA_COMMON_H */
