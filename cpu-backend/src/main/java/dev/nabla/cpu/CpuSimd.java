package dev.nabla.cpu;

/**
 * Whether the SIMD paths may run: they need the {@code jdk.incubator.vector} module, which the JVM
 * only resolves with {@code --add-modules jdk.incubator.vector}. Classes that touch the Vector API
 * (those named {@code CpuVec*}) are loaded only when {@link #ENABLED}; otherwise the backend runs
 * its scalar twins and says so once.
 */
final class CpuSimd {
    /** True when the Vector API is present and not switched off with {@code -Dnabla.cpu.simd=false}. */
    static final boolean ENABLED = detect();

    private CpuSimd() {
    }

    private static boolean detect() {
        System.Logger log = System.getLogger("dev.nabla.cpu");
        if ("false".equalsIgnoreCase(System.getProperty("nabla.cpu.simd"))) {
            log.log(System.Logger.Level.INFO, "nabla cpu backend: SIMD off (nabla.cpu.simd=false); running scalar code");
            return false;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            log.log(System.Logger.Level.WARNING, "nabla cpu backend: SIMD off because the JVM was started without "
                    + "--add-modules jdk.incubator.vector; running scalar code (several times slower)");
            return false;
        }
        return true;
    }

    /** A short description for {@code Backend.description()}. */
    static String describe() {
        return ENABLED ? CpuVecInfo.describe() : "scalar (no jdk.incubator.vector)";
    }
}
