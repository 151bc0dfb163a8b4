package dev.nabla.backend;

/**
 * A batch of row-major matrices inside one buffer, an operand of {@link Backend#gemm}.
 * Matrix {@code b} of the batch starts at {@code offset + b * batchStride}; row {@code r} of a
 * matrix starts {@code r * ld} elements after the matrix start. A batch stride of 0 reuses one
 * matrix for every batch entry (broadcasting).
 *
 * @param buffer      the memory
 * @param offset      element offset of the first matrix
 * @param ld          leading dimension: elements between consecutive rows
 * @param batchStride elements between consecutive matrices
 */
public record MatrixBatch(Buffer buffer, int offset, int ld, int batchStride) {
}
