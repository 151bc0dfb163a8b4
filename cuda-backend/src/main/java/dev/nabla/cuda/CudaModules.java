package dev.nabla.cuda;

import static jcuda.driver.CUfunction_attribute.CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK;
import static jcuda.driver.JCudaDriver.cuFuncGetAttribute;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;

import dev.nabla.kernels.KernelTypes;
import dev.nabla.tensor.DType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;

/**
 * The PTX programs of this jar and the modules loaded from them. A program is one kernel file of
 * nabla-kernels compiled by nvcc for element type T (and a second type U), named
 * {@code <file>.<t>[.<u>].ptx} ({@link KernelTypes#program}) under {@value #RESOURCES}, e.g.
 * {@code copy.f32.i64.ptx}; the build (scripts/build-ptx.sh) writes them with a
 * {@code manifest.properties} that says how they were built or why they were not. The driver JIT-compiles a module for the device when it is first used (and
 * keeps the result in its own disk cache).
 */
final class CudaModules {
    static final String RESOURCES = "/dev/nabla/cuda/ptx/";

    /** What the build wrote: whether PTX was built, the PTX ISA, the driver it needs, the programs. */
    record Manifest(boolean built, String reason, String isa, String arch, int driverVersion, Set<String> programs) {
        static Manifest load() {
            Properties p = new Properties();
            try (InputStream in = CudaModules.class.getResourceAsStream(RESOURCES + "manifest.properties")) {
                if (in == null) {
                    return new Manifest(false, "this jar has no PTX manifest (built without scripts/build-ptx.sh)", "",
                            "", 0, Set.of());
                }
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            boolean built = Boolean.parseBoolean(p.getProperty("built"));
            String programs = p.getProperty("programs", "");
            return new Manifest(built, p.getProperty("reason", "unknown"), p.getProperty("ptx.isa", "?"),
                    p.getProperty("ptx.arch", "?"), Integer.parseInt(p.getProperty("driver.cuda.version", "0")),
                    programs.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(programs.split(","))));
        }

        /** Lowest compute capability (major * 10 + minor) the PTX runs on, from {@code compute_XY}. */
        int minCapability() {
            return arch.startsWith("compute_") ? Integer.parseInt(arch.substring(8)) : 0;
        }
    }

    private final CudaDevice device;
    private final Map<String, CUmodule> modules = new HashMap<>();
    private final Map<String, CUfunction> functions = new HashMap<>();
    private final Map<CUfunction, Integer> maxThreads = new HashMap<>();

    CudaModules(CudaDevice device) {
        this.device = device;
    }

    /** Kernel {@code name} of {@code file} built for {@code t} (and {@code u}, or null). */
    synchronized CUfunction function(String file, DType t, DType u, String name) {
        String program = KernelTypes.program(file, t, u);
        String key = program + " " + name;
        CUfunction f = functions.get(key);
        if (f == null) {
            CUmodule module = modules.computeIfAbsent(program, this::load);
            CUfunction fn = new CUfunction();
            CudaErrors.driver("cuModuleGetFunction", name, program + ".ptx", () -> cuModuleGetFunction(fn, module, name));
            functions.put(key, fn);
            f = fn;
        }
        return f;
    }

    /** The most threads a block of {@code f} may have on this device (registers can lower it below 1024). */
    synchronized int maxThreads(CUfunction f) {
        return maxThreads.computeIfAbsent(f, fn -> {
            int[] value = new int[1];
            device.enter();
            CudaErrors.driver("cuFuncGetAttribute", "launch", () ->
                    cuFuncGetAttribute(value, CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK, fn));
            return value[0];
        });
    }

    private CUmodule load(String program) {
        byte[] ptx = read(program);
        CUmodule module = new CUmodule();
        device.enter();
        CudaErrors.driver("cuModuleLoadData", "loading " + program + ".ptx", "the driver JIT-compiles PTX ISA "
                + device.manifest.isa() + " for " + device.name, () -> cuModuleLoadData(module, ptx));
        return module;
    }

    /** The PTX text of {@code program}, NUL-terminated as cuModuleLoadData wants it. */
    static byte[] read(String program) {
        try (InputStream in = CudaModules.class.getResourceAsStream(RESOURCES + program + ".ptx")) {
            if (in == null) {
                throw new IllegalStateException("cuda: " + RESOURCES + program + ".ptx is missing from the jar"
                        + " (scripts/build-ptx.sh and CudaModules disagree about the programs)");
            }
            byte[] text = in.readAllBytes();
            return Arrays.copyOf(text, text.length + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
