package dev.nabla.backend;

import dev.nabla.tensor.DType;

/**
 * The primitives every compute backend implements. Everything else — views, broadcasting,
 * softmax, losses, pooling, convolution, optimizer updates — is built from these in core, so a
 * new backend works once these pass the parity suite ({@code BackendContractTest}) and then gets
 * fast one optional fused kernel ({@link dev.nabla.backend.fused}) at a time.
 *
 * <p>Calls carry every layout fact explicitly (shapes, element strides, offsets) and keep no
 * hidden state between calls. A backend accepts only buffers it allocated. Unless a method says
 * otherwise the float types {@code FLOAT32} and {@code FLOAT64} must be supported; integer types
 * are needed for {@link #copy}, {@link #fill}, comparisons, indices and reduction results.
 * Device backends may run calls asynchronously; {@link #read} waits for pending work.
 *
 * <pre>{@code
 * Backend b = Backends.get("reference");
 * Buffer x = b.allocate(DType.FLOAT32, 6);
 * b.write(x, 0, new float[] {1, 2, 3, 4, 5, 6}, 0, 6);
 * b.unary(UnaryOp.EXP, 0, Strided.contiguous(x, 0, 2, 3), Strided.contiguous(x, 0, 2, 3));
 * }</pre>
 */
public interface Backend {

    /** Short unique name used for selection, e.g. {@code reference}, {@code cpu}, {@code opencl}. */
    String name();

    /** One line describing the device, e.g. {@code "NVIDIA H100 (sm_90), 80 GiB"}. */
    String description();

    // ---- memory -------------------------------------------------------------------------

    /** Allocates {@code length} elements of {@code dtype}; contents are unspecified. */
    Buffer allocate(DType dtype, long length);

    /** Returns the buffer's memory to the backend (or its cache). The buffer must not be used again. */
    void release(Buffer buffer);

    /**
     * Host to backend copy of {@code length} elements: {@code src} is a {@code float[]},
     * {@code double[]}, {@code int[]} or {@code long[]} matching {@code dst.dtype()}. The caller may
     * reuse {@code src} as soon as this returns (an asynchronous backend copies or waits first).
     */
    void write(Buffer dst, long dstOffset, Object src, int srcOffset, int length);

    /** Backend to host copy of {@code length} elements into an array matching {@code src.dtype()}. */
    void read(Buffer src, long srcOffset, Object dst, int dstOffset, int length);

    /** Sets every element of the view {@code dst} to {@code value} (converted to the dtype). */
    void fill(Strided dst, double value);

    /**
     * Copies the view {@code src} into the view {@code dst} of the same shape, converting the dtype
     * when they differ (float to int truncates toward zero). This is the one kernel that makes any
     * view contiguous. The views must not overlap unless they are identical.
     */
    void copy(Strided src, Strided dst);

    /** Memory accounting for leak tests and job metrics. */
    MemoryStats memoryStats();

    // ---- element-wise ---------------------------------------------------------------------

    /**
     * {@code out = op(x)} element by element; {@code x} and {@code out} have the same shape and dtype
     * (a float type). {@code alpha} is read only by {@link UnaryOp#LEAKY_RELU} and {@link UnaryOp#ELU}.
     * {@code out} may be the same view as {@code x} (in place).
     */
    void unary(UnaryOp op, double alpha, Strided x, Strided out);

    /**
     * {@code out = op(a, b)} element by element. {@code a}, {@code b} and {@code out} have the same
     * shape (broadcasting is expressed by zero strides in {@code a} or {@code b}) and the same dtype.
     * {@code out} may be the same view as {@code a} or {@code b} (in place).
     */
    void binary(BinaryOp op, Strided a, Strided b, Strided out);

    /** {@code out = cond != 0 ? a : b} element by element; all four views have the same shape; {@code a}, {@code b}, {@code out} share a dtype, {@code cond} may have any. */
    void where(Strided cond, Strided a, Strided b, Strided out);

    // ---- reductions and indexing ----------------------------------------------------------

    /**
     * Reduces {@code x} over {@code axis}. {@code out} has {@code x}'s shape with size 1 at
     * {@code axis}; its dtype equals {@code x}'s, except for {@code ARGMAX}/{@code ARGMIN}, which
     * write {@code INT64} indices. A backend must not let the result depend on thread timing.
     */
    void reduce(ReduceOp op, Strided x, int axis, Strided out);

    /**
     * {@code out[..., j, ...] = x[..., index[..., j, ...], ...]} along {@code axis}: {@code index}
     * ({@code INT32} or {@code INT64}) has {@code out}'s shape; {@code x} has the same shape except at
     * {@code axis}. An index outside {@code [0, x.shape[axis])} throws {@link IndexOutOfBoundsException}.
     */
    void gather(Strided x, int axis, Strided index, Strided out);

    /**
     * The adjoint of {@link #gather}: {@code out[..., index[..., j, ...], ...] += src[..., j, ...]}
     * along {@code axis}, accumulating repeated indices. {@code index} has {@code src}'s shape.
     */
    void scatterAdd(Strided src, int axis, Strided index, Strided out);

    // ---- matrix products and convolution layout --------------------------------------------

    /**
     * Batched row-major GEMM: for every {@code i < batch},
     * {@code C_i = alpha * op(A_i) * op(B_i) + beta * C_i} with {@code op(A_i)} of size
     * {@code m x k} and {@code op(B_i)} of size {@code k x n}; {@code op} transposes when the flag is
     * set. With {@code beta == 0} the old contents of C are ignored (NaN included).
     */
    void gemm(int batch, boolean transA, boolean transB, int m, int n, int k,
              double alpha, MatrixBatch a, MatrixBatch b, double beta, MatrixBatch c);

    /**
     * Unfolds sliding windows of {@code x} ({@code N,C,H,W} view per {@code g}) into the contiguous
     * column buffer {@code col} of shape {@code (N, C*KH*KW, OH*OW)}: row {@code (c*KH + i)*KW + j},
     * column {@code oy*OW + ox} holds {@code x[n, c, oy*sh - ph + i*dh, ox*sw - pw + j*dw]}, or
     * {@code padValue} where that position lies in the padding.
     */
    void im2col(Conv2dGeometry g, Strided x, double padValue, Strided col);

    /**
     * The adjoint of {@link #im2col}: overwrites {@code dx} ({@code N,C,H,W}) with the sum over
     * all column entries that read each input position.
     */
    void col2im(Conv2dGeometry g, Strided col, Strided dx);

    // ---- random numbers -------------------------------------------------------------------

    /**
     * Fills the contiguous view {@code out} with samples from Philox4x32-10 keyed by {@code seed},
     * starting at 128-bit block {@code counter}, so that every backend produces the same stream:
     * element {@code i} of a uniform draw uses word {@code i % 4} of block {@code counter + i / 4};
     * element {@code i} of a normal draw uses words 0 and 1 of block {@code counter + i / 2}
     * (Box-Muller: cosine for even {@code i}, sine for odd). See {@code Philox} for the mapping of
     * words to floats.
     */
    void random(Distribution distribution, long seed, long counter, Strided out);
}
