/**
 * Tensors: {@link dev.nabla.tensor.Tensor}, their shapes and element types, views that share
 * storage, creation, random generators and {@link dev.nabla.tensor.MemoryScope} for deterministic
 * freeing of device memory.
 */
package dev.nabla.tensor;
