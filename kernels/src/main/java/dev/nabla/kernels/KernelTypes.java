package dev.nabla.kernels;

import dev.nabla.backend.Strided;
import dev.nabla.tensor.DType;
import java.util.Locale;

/**
 * The element types a kernel program is built for. A program is one kernel file compiled with
 * {@code -DT_<type>} and, where a kernel mixes types, {@code -DU_<type>} (common.h): the OpenCL backend
 * passes {@link #defines} to the driver's compiler, the CUDA build (cuda-backend/scripts/build-ptx.sh)
 * the same macros to nvcc, writing one PTX file per {@link #program} name.
 *
 * <pre>{@code
 * KernelTypes.defines(FLOAT32, INT64);          // "-DT_F32 -DU_I64"
 * KernelTypes.program("copy", FLOAT32, INT64);  // "copy.f32.i64"
 * }</pre>
 */
public final class KernelTypes {
    private KernelTypes() {
    }

    /** The type's code in program names, e.g. {@code f32}; upper-case in the macros ({@code T_F32}). */
    public static String code(DType t) {
        return switch (t) {
            case FLOAT32 -> "f32";
            case FLOAT64 -> "f64";
            case INT32 -> "i32";
            case INT64 -> "i64";
        };
    }

    /** The compiler options that select element type {@code t} and second type {@code u} (or null). */
    public static String defines(DType t, DType u) {
        String defines = "-DT_" + code(t).toUpperCase(Locale.ROOT);
        return u == null ? defines : defines + " -DU_" + code(u).toUpperCase(Locale.ROOT);
    }

    /** The name of kernel file {@code file}'s program (without .cl) for types {@code t} and {@code u} (or null). */
    public static String program(String file, DType t, DType u) {
        return file + "." + code(t) + (u == null ? "" : "." + code(u));
    }

    /** The view's dtype, which must be float32 or float64: kernels with float math are built for those only. */
    public static DType floating(String backend, Strided view, String op) {
        DType t = view.buffer().dtype();
        if (!t.isFloating()) {
            throw new IllegalArgumentException(backend + " " + op + ": needs float32 or float64, got " + t.shortName());
        }
        return t;
    }
}
