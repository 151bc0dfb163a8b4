/*
 * Optimizer updates in place over contiguous views of `count` elements; T float types.
 * Formulas as dev.nabla.optim.Updates (torch.optim semantics).
 *   sgd_update   param, grad, velocity (ignored when momentum == 0)
 *   adam_update  param, grad, m, v; correction1/2 = 1 - beta1^t, 1 - beta2^t from the host
 * Launch: 1-D, grid-stride loop.
 */
#include "common.h"

KERNEL sgd_update(GLOBAL T* param, int pOff, GLOBAL const T* grad, int gOff, GLOBAL T* velocity, int vOff,
                  int count, T_REAL lr, T_REAL momentum, T_REAL dampening, T_REAL weightDecay, int nesterov,
                  int firstStep) {
    for (int i = GLOBAL_ID(0); i < count; i += GLOBAL_SIZE(0)) {
        T_REAL p = param[pOff + i];
        T_REAL g = grad[gOff + i] + weightDecay * p;
        if (momentum != 0) {
            T_REAL buf = firstStep ? g : momentum * velocity[vOff + i] + (1 - dampening) * g;
            velocity[vOff + i] = (T) buf;
            g = nesterov ? g + momentum * buf : buf;
        }
        param[pOff + i] = (T) (p - lr * g);
    }
}

KERNEL adam_update(GLOBAL T* param, int pOff, GLOBAL const T* grad, int gOff, GLOBAL T* m, int mOff, GLOBAL T* v,
                   int vOff, int count, T_REAL lr, T_REAL beta1, T_REAL beta2, T_REAL eps, T_REAL weightDecay,
                   int decoupled, T_REAL correction1, T_REAL correction2) {
    for (int i = GLOBAL_ID(0); i < count; i += GLOBAL_SIZE(0)) {
        T_REAL p = param[pOff + i];
        T_REAL g = grad[gOff + i];
        if (decoupled) {
            p *= 1 - lr * weightDecay;
        } else {
            g += weightDecay * p;
        }
        T_REAL mi = beta1 * m[mOff + i] + (1 - beta1) * g;
        T_REAL vi = beta2 * v[vOff + i] + (1 - beta2) * g * g;
        m[mOff + i] = (T) mi;
        v[vOff + i] = (T) vi;
        param[pOff + i] = (T) (p - lr * (mi / correction1) / (sqrt(vi / correction2) + eps));
    }
}
