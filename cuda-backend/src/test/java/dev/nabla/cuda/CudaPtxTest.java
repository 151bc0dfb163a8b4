package dev.nabla.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nabla.kernels.KernelTypes;
import dev.nabla.tensor.DType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The PTX in the jar: every program the backend loads was built (scripts/build-ptx.sh and CudaModules
 * name the same programs), or, on a build machine without nvcc, the manifest says why not.
 */
class CudaPtxTest {
    private static final CudaModules.Manifest MANIFEST = CudaModules.Manifest.load();

    /** Every program CudaBackend and CudaFused launch kernels from. */
    static List<String> programsTheBackendLoads() {
        List<String> programs = new ArrayList<>();
        for (DType t : DType.values()) {
            programs.add(KernelTypes.program("elementwise", t, null));
            programs.add(KernelTypes.program("reduce", t, null));
            for (DType u : DType.values()) {
                programs.add(KernelTypes.program("copy", t, u));
                programs.add(KernelTypes.program("select", t, u));
            }
        }
        for (DType t : List.of(DType.FLOAT32, DType.FLOAT64)) {
            for (String file : List.of("conv", "random", "update", "rows")) {
                programs.add(KernelTypes.program(file, t, null));
            }
            programs.add(KernelTypes.program("rows", t, DType.INT32));
            programs.add(KernelTypes.program("rows", t, DType.INT64));
        }
        return programs;
    }

    @Test
    void everyProgramTheBackendLoadsIsInTheJarAsPtxForTheVirtualArchitecture() {
        assumeTrue(MANIFEST.built(), "PTX not built: " + MANIFEST.reason());
        for (String program : programsTheBackendLoads()) {
            assertTrue(MANIFEST.programs().contains(program), program + " missing from " + MANIFEST.programs());
            String ptx = new String(CudaModules.read(program), StandardCharsets.UTF_8);
            assertTrue(ptx.contains(".version " + MANIFEST.isa()), program);
            assertTrue(ptx.contains(".target sm_" + MANIFEST.minCapability()), program);
            assertTrue(ptx.endsWith("\0"), "cuModuleLoadData needs NUL-terminated PTX");
        }
        assertEquals(75, MANIFEST.minCapability());
        assertTrue(MANIFEST.driverVersion() >= 12000, "driver.cuda.version " + MANIFEST.driverVersion());
    }

    @Test
    void everyKernelTheBackendLaunchesIsAnEntryOfItsProgram() {
        assumeTrue(MANIFEST.built(), "PTX not built: " + MANIFEST.reason());
        String[][] kernels = {
            {"elementwise.f32", "fill", "unary_exp", "unary_erf", "binary_add", "binary_ne", "bias_activation"},
            {"elementwise.i64", "fill", "binary_max"}, {"copy.f64.i32", "copy"}, {"select.f32.i64", "where", "gather",
                "scatter_add"}, {"reduce.i32", "reduce_sum", "reduce_argmax", "reduce_argmin"},
            {"conv.f64", "im2col", "col2im", "max_pool2d_forward", "max_pool2d_backward", "avg_pool2d_forward",
                "avg_pool2d_backward"}, {"random.f32", "random_uniform", "random_normal"},
            {"update.f32", "sgd_update", "adam_update"}, {"rows.f32", "softmax", "batch_norm_forward",
                "batch_norm_backward"}, {"rows.f64.i64", "cross_entropy"}};
        for (String[] program : kernels) {
            String ptx = new String(CudaModules.read(program[0]), StandardCharsets.UTF_8);
            for (int i = 1; i < program.length; i++) {
                assertTrue(ptx.contains(".entry " + program[i] + "("), program[0] + " lacks " + program[i]);
            }
        }
    }

    @Test
    void withoutNvccTheManifestSaysSo() {
        assumeTrue(!MANIFEST.built(), "PTX was built");
        assertEquals("nvcc was not found at build time", MANIFEST.reason());
    }
}
