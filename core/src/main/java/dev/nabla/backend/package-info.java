/**
 * The backend SPI: the short list of primitives every backend implements
 * ({@link dev.nabla.backend.Backend}), the optional fused kernels in
 * {@link dev.nabla.backend.fused}, the registry ({@link dev.nabla.backend.Backends}) and the scalar
 * reference backend that is the oracle for all others.
 */
package dev.nabla.backend;
