/** Optimizers and their update rules; {@link dev.nabla.optim.Updates} holds the fused-or-composite update steps. */
package dev.nabla.optim;
