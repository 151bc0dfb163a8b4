/**
 * Optional fused kernels. A backend implements any of these interfaces where one kernel beats
 * the composite of primitives that core uses otherwise; core checks with {@code instanceof} and
 * calls the kernel when present. Each interface's Javadoc gives the exact layouts. The parity
 * suite compares both paths against the reference backend.
 */
package dev.nabla.backend.fused;
