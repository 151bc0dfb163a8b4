/**
 * The OpenCL backend (JOCL): {@link dev.nabla.opencl.ClBackend} runs the kernels of nabla-kernels on
 * any OpenCL 1.2+ device (a GPU, or PoCL on the CPU), registered with ServiceLoader as {@code opencl}.
 */
package dev.nabla.opencl;
