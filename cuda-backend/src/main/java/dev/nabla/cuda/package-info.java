/**
 * The CUDA backend (JCuda driver API + JCublas): {@link dev.nabla.cuda.CudaBackend} runs the kernels of
 * nabla-kernels, compiled to PTX by nvcc at build time, and matrix products through cuBLAS, on one NVIDIA
 * GPU; registered with ServiceLoader as {@code cuda}. See the module's README for what a server needs.
 */
package dev.nabla.cuda;
