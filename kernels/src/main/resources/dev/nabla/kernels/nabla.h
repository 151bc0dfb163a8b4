/*
 * nabla.h - the portability layer of every kernel in this folder.
 *
 * Kernel bodies are written once in a C subset that compiles both as OpenCL C 1.2 (the OpenCL
 * backend inlines this header at run time) and as CUDA C++ (nvcc -I this folder, for the CUDA
 * backend). Bodies use only these macros for anything that differs between the two languages:
 *
 *   KERNEL            kernel qualifier and void return type
 *   GLOBAL / LOCAL    address space of pointer parameters (device memory / work-group memory)
 *   LOCAL_MEM         declares a work-group (shared) array at kernel scope
 *   INLINE            a device helper function
 *   GLOBAL_ID(d) GLOBAL_SIZE(d) LOCAL_ID(d) LOCAL_SIZE(d) GROUP_ID(d) NUM_GROUPS(d)   d = 0, 1, 2
 *   BARRIER()         work-group barrier with a local-memory fence
 *   ATOMIC_CAS(p, expected, desired)   32-bit compare-and-swap on global memory, returns the old value
 *   MUL_HI_U32(a, b)  high 32 bits of a 32x32-bit unsigned product
 *   LOAD4(p)          four consecutive elements starting at p as a T4 vector (p needs no alignment)
 *   NB_SAT_INT(x) NB_SAT_LONG(x)   float to int/long as Java casts: toward zero, saturating, NaN to 0
 *   NB_INF NB_NAN     float infinity and NaN
 *   nb_i64 nb_u64 nb_u32   fixed-width integer types
 */
#ifndef NABLA_H
#define NABLA_H

#ifdef __CUDACC__

typedef long long nb_i64;
typedef unsigned long long nb_u64;
typedef unsigned int nb_u32;
#define KERNEL extern "C" __global__ void
#define GLOBAL
#define LOCAL
#define LOCAL_MEM __shared__
#define INLINE static __device__ __forceinline__
INLINE int nb_dim3(dim3 v, int d) { return d == 0 ? (int) v.x : d == 1 ? (int) v.y : (int) v.z; }
INLINE int nb_uint3(uint3 v, int d) { return d == 0 ? (int) v.x : d == 1 ? (int) v.y : (int) v.z; }
#define LOCAL_ID(d) nb_uint3(threadIdx, d)
#define LOCAL_SIZE(d) nb_dim3(blockDim, d)
#define GROUP_ID(d) nb_uint3(blockIdx, d)
#define NUM_GROUPS(d) nb_dim3(gridDim, d)
#define GLOBAL_ID(d) (GROUP_ID(d) * LOCAL_SIZE(d) + LOCAL_ID(d))
#define GLOBAL_SIZE(d) (NUM_GROUPS(d) * LOCAL_SIZE(d))
#define BARRIER() __syncthreads()
#define ATOMIC_CAS(p, expected, desired) atomicCAS((p), (expected), (desired))
#define MUL_HI_U32(a, b) __umulhi((a), (b))
#define NB_INF __int_as_float(0x7f800000)
#define NB_NAN __int_as_float(0x7fffffff)
#define NB_FP64 1
#define LOAD4(p) nb_load4(p)  /* defined in common.h for the program's element type */
/* Float to integer, toward zero, saturating, NaN to 0 (Java's casts); cvt.rzi saturates in hardware. */
#define NB_SAT_INT(x) ((int) (x))
#define NB_SAT_LONG(x) ((nb_i64) (x))

#else /* OpenCL C */

#ifdef cl_khr_fp64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#define NB_FP64 1
#endif
typedef long nb_i64;
typedef ulong nb_u64;
typedef uint nb_u32;
#define KERNEL __kernel void
#define GLOBAL __global
#define LOCAL __local
#define LOCAL_MEM __local
#define INLINE static inline
#define GLOBAL_ID(d) ((int) get_global_id(d))
#define GLOBAL_SIZE(d) ((int) get_global_size(d))
#define LOCAL_ID(d) ((int) get_local_id(d))
#define LOCAL_SIZE(d) ((int) get_local_size(d))
#define GROUP_ID(d) ((int) get_group_id(d))
#define NUM_GROUPS(d) ((int) get_num_groups(d))
#define BARRIER() barrier(CLK_LOCAL_MEM_FENCE)
#define ATOMIC_CAS(p, expected, desired) atomic_cmpxchg((volatile GLOBAL int*) (p), (expected), (desired))
#define MUL_HI_U32(a, b) mul_hi((nb_u32) (a), (nb_u32) (b))
#define NB_INF INFINITY
#define NB_NAN NAN
#define LOAD4(p) vload4(0, (p))
/* Float to integer, toward zero, saturating, NaN to 0 (Java's casts; a plain C cast is undefined out of range). */
#define NB_SAT_INT(x) convert_int_sat_rtz(x)
#define NB_SAT_LONG(x) convert_long_sat_rtz(x)

#endif

#define NB_CAT_(a, b) a##b
#define NB_CAT(a, b) NB_CAT_(a, b)

#endif /* NABLA_H */
