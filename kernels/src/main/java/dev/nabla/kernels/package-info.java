/**
 * The Java side of the kernels in {@code /dev/nabla/kernels/} (OpenCL C, also compiled as CUDA), shared by
 * the OpenCL and CUDA backends: the argument structs ({@link dev.nabla.kernels.KernelLayout}), the element
 * types a program is built for ({@link dev.nabla.kernels.KernelTypes}), the checks of a device buffer
 * ({@link dev.nabla.kernels.DeviceBuffer}) and convolution as im2col + GEMM
 * ({@link dev.nabla.kernels.Im2colConv}). What differs between the APIs (launching, memory, programs)
 * stays in each backend.
 */
package dev.nabla.kernels;
