package dev.nabla.cuda;

import java.util.function.IntSupplier;
import jcuda.driver.CUresult;
import jcuda.jcublas.cublasStatus;

/**
 * Runs JCuda calls and turns their failures into {@link CudaException}s that name the call, the error
 * and the op. JCuda's own exceptions are switched on (so no status is ever dropped) and carry only the
 * error's name; these helpers add the rest.
 *
 * <pre>{@code
 * CudaErrors.driver("cuMemAlloc", "allocate", () -> cuMemAlloc(ptr, bytes));
 * }</pre>
 */
final class CudaErrors {
    private CudaErrors() {
    }

    /** Runs a driver API call; throws unless it returns {@code CUDA_SUCCESS}. */
    static void driver(String call, String op, IntSupplier body) {
        driver(call, op, null, body);
    }

    static void driver(String call, String op, String detail, IntSupplier body) {
        int status;
        try {
            status = body.getAsInt();
        } catch (jcuda.CudaException e) {
            throw new CudaException(call, errorName(e.getMessage()), op, detail, e);
        }
        if (status != CUresult.CUDA_SUCCESS) {
            throw new CudaException(call, CUresult.stringFor(status), op, detail, null);
        }
    }

    /** Runs a cuBLAS call; throws unless it returns {@code CUBLAS_STATUS_SUCCESS}. */
    static void cublas(String call, String op, String detail, IntSupplier body) {
        int status;
        try {
            status = body.getAsInt();
        } catch (jcuda.CudaException e) {
            throw new CudaException(call, errorName(e.getMessage()), op, detail, e);
        }
        if (status != cublasStatus.CUBLAS_STATUS_SUCCESS) {
            throw new CudaException(call, cublasStatus.stringFor(status), op, detail, null);
        }
    }

    /** The error name at the start of a JCuda exception message ("CUDA_ERROR_OUT_OF_MEMORY", ...). */
    static String errorName(String message) {
        if (message == null || message.isBlank()) {
            return "an unknown CUDA error";
        }
        String first = message.strip().split("\\s+", 2)[0];
        return first.matches("(CUDA_ERROR|CUBLAS_STATUS|cudaError)\\w*") ? first : message.strip();
    }

    /** True when the call failed because the device is out of memory. */
    static boolean isOutOfMemory(CudaException e) {
        return "CUDA_ERROR_OUT_OF_MEMORY".equals(e.error());
    }
}
