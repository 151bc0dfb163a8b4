package dev.nabla.cuda;

/**
 * A CUDA driver or cuBLAS call failed. The message names the call, the error's name and the op, e.g.
 * {@code cuda: cuMemAlloc failed with CUDA_ERROR_OUT_OF_MEMORY in allocate: 1048576 bytes ...}.
 */
public class CudaException extends RuntimeException {
    private final String call;
    private final String error;

    public CudaException(String call, String error, String op, String detail, Throwable cause) {
        super("cuda: " + call + " failed with " + error + " in " + op
                + (detail == null || detail.isEmpty() ? "" : ": " + detail), cause);
        this.call = call;
        this.error = error;
    }

    /** The CUDA or cuBLAS function that failed, e.g. {@code cuLaunchKernel}. */
    public String call() {
        return call;
    }

    /** The error's name, e.g. {@code CUDA_ERROR_OUT_OF_MEMORY} or {@code CUBLAS_STATUS_NOT_SUPPORTED}. */
    public String error() {
        return error;
    }
}
