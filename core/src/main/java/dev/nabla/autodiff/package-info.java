/**
 * Reverse-mode automatic differentiation: the graph recorded by tensor ops, the iterative backward
 * walk, the one table of derivative rules ({@link dev.nabla.autodiff.Derivatives}) and the
 * finite-difference gradient check ({@link dev.nabla.autodiff.GradCheck}).
 */
package dev.nabla.autodiff;
