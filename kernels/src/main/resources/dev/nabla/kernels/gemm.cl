/*
 * gemm: batched row-major C_b = alpha * op(A_b) * op(B_b) + beta * C_b, b < batch; T float types.
 *   op(A) m x k, op(B) k x n, C m x n. op transposes when transA/transB is set: A is stored m x k
 *   (or k x m when transposed) with rows lda apart; likewise B (k x n or n x k) and C (m x n).
 *   Matrix b of A starts at aOff + b * aBatch (aBatch 0 broadcasts one matrix); same for B and C.
 *   beta == 0 ignores C's old contents (NaN included).
 * Launch: local (16, 16), global (ceil(n / 64) * 16, ceil(m / 64) * 16, batch).
 * Each group computes a 64 x 64 tile of C: per step of 16 along k it stages a 64 x 16 tile of op(A) and
 * a 16 x 64 tile of op(B) in local memory (4-wide vector loads along the contiguous direction), then
 * every work-item accumulates a 4 x 4 block in registers (rows ty + 16r, columns tx + 16c, so
 * neighbouring work-items write neighbouring addresses).
 */
#include "common.h"

#define TS 64
#define TK 16
#define WPT 4
#define RTS (TS / WPT)

/*
 * Stages tile[p][q] = M(q0 + q, p0 + p) for p < TK, q < TS, zero outside qLen x pLen. Element (q, p)
 * lives at q * ld + p when qMajor (contiguous along p), else at p * ld + q (contiguous along q).
 * 256 work-items load 4 consecutive elements each.
 */
INLINE void gemm_stage(GLOBAL const T* M, int ld, int qMajor, int q0, int p0, int qLen, int pLen,
                       LOCAL T* tile, int tid) {
    int q;
    int p;
    if (qMajor) {
        q = tid >> 2;
        p = (tid & 3) << 2;
    } else {
        p = tid >> 4;
        q = (tid & 15) << 2;
    }
    int gq = q0 + q;
    int gp = p0 + p;
    GLOBAL const T* at = qMajor ? M + (nb_i64) gq * ld + gp : M + (nb_i64) gp * ld + gq;
    T4 v;
    if (qMajor ? (gq < qLen && gp + 3 < pLen) : (gp < pLen && gq + 3 < qLen)) {
        v = LOAD4(at);
    } else if (qMajor) {
        int inside = gq < qLen;
        v.x = inside && gp < pLen ? at[0] : (T) 0;
        v.y = inside && gp + 1 < pLen ? at[1] : (T) 0;
        v.z = inside && gp + 2 < pLen ? at[2] : (T) 0;
        v.w = inside && gp + 3 < pLen ? at[3] : (T) 0;
    } else {
        int inside = gp < pLen;
        v.x = inside && gq < qLen ? at[0] : (T) 0;
        v.y = inside && gq + 1 < qLen ? at[1] : (T) 0;
        v.z = inside && gq + 2 < qLen ? at[2] : (T) 0;
        v.w = inside && gq + 3 < qLen ? at[3] : (T) 0;
    }
    if (qMajor) {
        tile[p * TS + q] = v.x;
        tile[(p + 1) * TS + q] = v.y;
        tile[(p + 2) * TS + q] = v.z;
        tile[(p + 3) * TS + q] = v.w;
    } else {
        tile[p * TS + q] = v.x;
        tile[p * TS + q + 1] = v.y;
        tile[p * TS + q + 2] = v.z;
        tile[p * TS + q + 3] = v.w;
    }
}

KERNEL gemm(int m, int n, int k, int transA, int transB, T_REAL alpha, T_REAL beta,
            GLOBAL const T* A, int aOff, int lda, int aBatch,
            GLOBAL const T* B, int bOff, int ldb, int bBatch,
            GLOBAL T* C, int cOff, int ldc, int cBatch) {
    LOCAL_MEM T As[TK * TS];
    LOCAL_MEM T Bs[TK * TS];
    int tx = LOCAL_ID(0);
    int ty = LOCAL_ID(1);
    int tid = ty * RTS + tx;
    int col0 = GROUP_ID(0) * TS;
    int row0 = GROUP_ID(1) * TS;
    int b = GROUP_ID(2);
    A += aOff + (nb_i64) b * aBatch;
    B += bOff + (nb_i64) b * bBatch;
    C += cOff + (nb_i64) b * cBatch;
    T_ACC acc[WPT][WPT];
    for (int r = 0; r < WPT; r++) {
        for (int c = 0; c < WPT; c++) {
            acc[r][c] = 0;
        }
    }
    for (int p0 = 0; p0 < k; p0 += TK) {
        gemm_stage(A, lda, !transA, row0, p0, m, k, As, tid);
        gemm_stage(B, ldb, transB, col0, p0, n, k, Bs, tid);
        BARRIER();
        for (int p = 0; p < TK; p++) {
            T_ACC a[WPT];
            T_ACC bv[WPT];
            for (int r = 0; r < WPT; r++) {
                a[r] = As[p * TS + ty + r * RTS];
                bv[r] = Bs[p * TS + tx + r * RTS];
            }
            for (int r = 0; r < WPT; r++) {
                for (int c = 0; c < WPT; c++) {
                    acc[r][c] += a[r] * bv[c];
                }
            }
        }
        BARRIER();
    }
    for (int r = 0; r < WPT; r++) {
        int i = row0 + ty + r * RTS;
        for (int c = 0; c < WPT; c++) {
            int j = col0 + tx + c * RTS;
            if (i < m && j < n) {
                T_REAL v = alpha * acc[r][c];
                if (beta != 0) {
                    v += beta * (T_REAL) C[(nb_i64) i * ldc + j];
                }
                C[(nb_i64) i * ldc + j] = (T) v;
            }
        }
    }
}

/*
 * gemm_direct: the same product and arguments without local memory, for CPU devices (PoCL), whose
 * compilers turn the work-items of a group into a vectorised loop: work-item (j, rb, b) computes
 * C_b[8 rb .. 8 rb + 7][j]. Neighbouring work-items take neighbouring columns, so B loads become
 * vector loads and each A element is one broadcast feeding eight independent FMA chains.
 * Launch: local (64, 1, 1), global (ceil(n / 64) * 64, ceil(m / 8), batch).
 */
#define DR 8

KERNEL gemm_direct(int m, int n, int k, int transA, int transB, T_REAL alpha, T_REAL beta,
                   GLOBAL const T* A, int aOff, int lda, int aBatch,
                   GLOBAL const T* B, int bOff, int ldb, int bBatch,
                   GLOBAL T* C, int cOff, int ldc, int cBatch) {
    int j = GLOBAL_ID(0);
    int i0 = GLOBAL_ID(1) * DR;
    int b = GLOBAL_ID(2);
    if (j >= n) {
        return;
    }
    A += aOff + (nb_i64) b * aBatch;
    B += bOff + (nb_i64) b * bBatch;
    C += cOff + (nb_i64) b * cBatch;
    int rowStep = transA ? 1 : lda;
    int pStepA = transA ? lda : 1;
    int pStepB = transB ? 1 : ldb;
    GLOBAL const T* bCol = B + (transB ? (nb_i64) j * ldb : j);
    GLOBAL const T* aRow[DR];
    for (int r = 0; r < DR; r++) {
        aRow[r] = A + (nb_i64) min(i0 + r, m - 1) * rowStep;  /* rows past m repeat the last; never written */
    }
    T_ACC acc[DR];
    for (int r = 0; r < DR; r++) {
        acc[r] = 0;
    }
    for (int p = 0; p < k; p++) {
        T_ACC bv = bCol[(nb_i64) p * pStepB];
        for (int r = 0; r < DR; r++) {
            acc[r] += aRow[r][(nb_i64) p * pStepA] * bv;
        }
    }
    for (int r = 0; r < DR && i0 + r < m; r++) {
        GLOBAL T* c = C + (nb_i64) (i0 + r) * ldc + j;
        T_REAL v = alpha * acc[r];
        if (beta != 0) {
            v += beta * (T_REAL) *c;
        }
        *c = (T) v;
    }
}
