package dev.nabla.opencl;

/**
 * An OpenCL call failed. The message names the call, the error code's name and the op that made
 * it, e.g. {@code opencl: clEnqueueNDRangeKernel returned CL_OUT_OF_RESOURCES (-5) in gemm}.
 */
public class ClException extends RuntimeException {
    private final String call;
    private final int code;

    public ClException(String call, int code, String op, String detail) {
        super("opencl: " + call + " returned " + ClErrors.name(code) + " (" + code + ") in " + op
                + (detail == null || detail.isEmpty() ? "" : ": " + detail));
        this.call = call;
        this.code = code;
    }

    /** The OpenCL function that failed, e.g. {@code clBuildProgram}. */
    public String call() {
        return call;
    }

    /** The OpenCL error code (negative). */
    public int code() {
        return code;
    }
}
