/*
 * Row and channel kernels with tree reductions in local memory; T float types, U the label type.
 *
 *   softmax        x, out (rows, cols) contiguous from their offsets; log != 0 gives log_softmax.
 *                  Max-shifted, so it never overflows.
 *   cross_entropy  logits (rows, cols), labels (rows) of type U -> losses (rows):
 *                  logsumexp(row) - row[label]; a label outside [0, cols) is reported in err.
 *   Launch (both): 1-D, local size L (a power of two, <= 256); each group handles L / lanes rows at a
 *                  time with `lanes` work-items per row (a power of two).
 *
 *   batch_norm_forward   x, out (N, C, S) contiguous, gamma, beta, mean, invStd (C): per channel the
 *                  biased mean and variance over N*S values; out = (x - mean) * invStd * gamma + beta.
 *   batch_norm_backward  grad, x (N, C, S) -> dx (N, C, S), dgamma, dbeta (C).
 *   Launch (both): 1-D, local size L (a power of two, <= 256), one group per channel (grid-stride).
 */
#include "common.h"

#define ROW_LOCAL 256

/* Row max and sum of exp(x - max) for this work-item's row, combined over its `lanes` work-items. */
INLINE void nb_row_stats(GLOBAL const T* in, int valid, int cols, int tid, int lanes, LOCAL T_ACC* sv,
                         T_ACC* maxOut, T_ACC* sumOut) {
    int lane = tid & (lanes - 1);
    int head = tid - lane;
    T_ACC m = -NB_INF;
    for (int j = lane; valid && j < cols; j += lanes) {
        m = nb_max(m, (T_ACC) in[j]);
    }
    sv[tid] = m;
    BARRIER();
    nb_tree_max(sv, tid, lanes);
    m = sv[head];
    BARRIER();
    T_ACC s = 0;
    for (int j = lane; valid && j < cols; j += lanes) {
        s += exp((T_ACC) in[j] - m);
    }
    sv[tid] = s;
    BARRIER();
    nb_tree_sum(sv, tid, lanes);
    *sumOut = sv[head];
    *maxOut = m;
    BARRIER();
}

KERNEL softmax(GLOBAL const T* x, int xOff, GLOBAL T* out, int outOff, int rows, int cols, int lanes, int logMode) {
    LOCAL_MEM T_ACC sv[ROW_LOCAL];
    int tid = LOCAL_ID(0);
    int perGroup = LOCAL_SIZE(0) / lanes;
    for (int first = GROUP_ID(0) * perGroup; first < rows; first += NUM_GROUPS(0) * perGroup) {
        int row = first + tid / lanes;
        int valid = row < rows;
        GLOBAL const T* in = x + xOff + (nb_i64) row * cols;
        GLOBAL T* o = out + outOff + (nb_i64) row * cols;
        T_ACC m;
        T_ACC s;
        nb_row_stats(in, valid, cols, tid, lanes, sv, &m, &s);
        T_ACC logSum = log(s);
        for (int j = tid & (lanes - 1); valid && j < cols; j += lanes) {
            T_ACC shifted = (T_ACC) in[j] - m;
            o[j] = (T) (logMode ? shifted - logSum : exp(shifted) / s);
        }
    }
}

#ifdef U  /* built with a label type */
KERNEL cross_entropy(GLOBAL const T* logits, int xOff, GLOBAL const U* labels, int labelsOff, GLOBAL T* losses,
                     int lossesOff, int rows, int cols, int lanes, GLOBAL int* err) {
    LOCAL_MEM T_ACC sv[ROW_LOCAL];
    int tid = LOCAL_ID(0);
    int perGroup = LOCAL_SIZE(0) / lanes;
    for (int first = GROUP_ID(0) * perGroup; first < rows; first += NUM_GROUPS(0) * perGroup) {
        int row = first + tid / lanes;
        int valid = row < rows;
        GLOBAL const T* in = logits + xOff + (nb_i64) row * cols;
        T_ACC m;
        T_ACC s;
        nb_row_stats(in, valid, cols, tid, lanes, sv, &m, &s);
        if (valid && (tid & (lanes - 1)) == 0) {
            nb_i64 label = (nb_i64) labels[labelsOff + row];
            if (label < 0 || label >= cols) {
                nb_report_index(err, label);
            } else {
                losses[lossesOff + row] = (T) (m + log(s) - (T_ACC) in[label]);
            }
        }
    }
}

#endif

/* Position of element e (< N*S) of channel c in an (N, C, S) tensor. */
INLINE int nb_channel_at(int e, int c, int channels, int spatial) {
    return ((e / spatial) * channels + c) * spatial + e % spatial;
}

KERNEL batch_norm_forward(GLOBAL const T* x, int xOff, GLOBAL const T* gamma, int gammaOff, GLOBAL const T* beta,
                          int betaOff, GLOBAL T* out, int outOff, GLOBAL T* mean, int meanOff, GLOBAL T* invStd,
                          int invStdOff, int n, int channels, int spatial, T_REAL eps) {
    LOCAL_MEM T_ACC sv[ROW_LOCAL];
    int tid = LOCAL_ID(0);
    int lanes = LOCAL_SIZE(0);
    int count = n * spatial;
    for (int c = GROUP_ID(0); c < channels; c += NUM_GROUPS(0)) {
        T_ACC s = 0;
        for (int e = tid; e < count; e += lanes) {
            s += x[xOff + nb_channel_at(e, c, channels, spatial)];
        }
        sv[tid] = s;
        BARRIER();
        nb_tree_sum(sv, tid, lanes);
        T_ACC mu = sv[0] / count;
        BARRIER();
        T_ACC squares = 0;
        for (int e = tid; e < count; e += lanes) {
            T_ACC d = x[xOff + nb_channel_at(e, c, channels, spatial)] - mu;
            squares += d * d;
        }
        sv[tid] = squares;
        BARRIER();
        nb_tree_sum(sv, tid, lanes);
        T_ACC inv = 1 / sqrt(sv[0] / count + eps);
        BARRIER();
        T_ACC scale = gamma[gammaOff + c] * inv;
        T_ACC shift = beta[betaOff + c];
        for (int e = tid; e < count; e += lanes) {
            int at = nb_channel_at(e, c, channels, spatial);
            out[outOff + at] = (T) ((x[xOff + at] - mu) * scale + shift);
        }
        if (tid == 0) {
            mean[meanOff + c] = (T) mu;
            invStd[invStdOff + c] = (T) inv;
        }
    }
}

KERNEL batch_norm_backward(GLOBAL const T* grad, int gradOff, GLOBAL const T* x, int xOff, GLOBAL const T* gamma,
                           int gammaOff, GLOBAL const T* mean, int meanOff, GLOBAL const T* invStd, int invStdOff,
                           GLOBAL T* dx, int dxOff, GLOBAL T* dgamma, int dgammaOff, GLOBAL T* dbeta, int dbetaOff,
                           int n, int channels, int spatial) {
    LOCAL_MEM T_ACC sg[ROW_LOCAL];
    LOCAL_MEM T_ACC sgx[ROW_LOCAL];
    int tid = LOCAL_ID(0);
    int lanes = LOCAL_SIZE(0);
    int count = n * spatial;
    for (int c = GROUP_ID(0); c < channels; c += NUM_GROUPS(0)) {
        T_ACC mu = mean[meanOff + c];
        T_ACC inv = invStd[invStdOff + c];
        T_ACC sumGrad = 0;
        T_ACC sumGradXhat = 0;
        for (int e = tid; e < count; e += lanes) {
            int at = nb_channel_at(e, c, channels, spatial);
            T_ACC g = grad[gradOff + at];
            sumGrad += g;
            sumGradXhat += g * (x[xOff + at] - mu) * inv;
        }
        sg[tid] = sumGrad;
        sgx[tid] = sumGradXhat;
        BARRIER();
        nb_tree_sum(sg, tid, lanes);
        nb_tree_sum(sgx, tid, lanes);
        sumGrad = sg[0];
        sumGradXhat = sgx[0];
        BARRIER();
        T_ACC scale = gamma[gammaOff + c] * inv / count;
        for (int e = tid; e < count; e += lanes) {
            int at = nb_channel_at(e, c, channels, spatial);
            T_ACC xhat = (x[xOff + at] - mu) * inv;
            dx[dxOff + at] = (T) (scale * (count * (T_ACC) grad[gradOff + at] - sumGrad - xhat * sumGradXhat));
        }
        if (tid == 0) {
            dgamma[dgammaOff + c] = (T) sumGradXhat;
            dbeta[dbetaOff + c] = (T) sumGrad;
        }
    }
}
