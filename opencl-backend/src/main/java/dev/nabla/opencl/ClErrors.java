package dev.nabla.opencl;

import org.jocl.CL;

/** Turns OpenCL status codes into {@link ClException}s that name the call, the code and the op. */
final class ClErrors {
    private ClErrors() {
    }

    /** Throws unless {@code code} is {@code CL_SUCCESS}. */
    static void check(int code, String call, String op) {
        if (code != CL.CL_SUCCESS) {
            throw new ClException(call, code, op, null);
        }
    }

    /** The symbolic name of an error code, e.g. {@code CL_OUT_OF_RESOURCES}. */
    static String name(int code) {
        String name = CL.stringFor_errorCode(code);
        return name == null || name.startsWith("INVALID") ? "unknown OpenCL error" : name;
    }
}
