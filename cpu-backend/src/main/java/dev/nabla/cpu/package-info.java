/**
 * The fast CPU backend ({@code nabla-cpu}): {@link dev.nabla.cpu.CpuBackend}, registered as
 * {@code cpu}. SIMD kernels use {@code jdk.incubator.vector} (classes named {@code CpuVec*}, loaded
 * only when the module is present); everything else is plain Java with a fixed-partition thread pool.
 */
package dev.nabla.cpu;
