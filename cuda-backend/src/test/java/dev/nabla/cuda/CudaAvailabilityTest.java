package dev.nabla.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nabla.backend.Backends;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** How the backend reports a machine it cannot run on, and that the rest of Nabla is unaffected. */
class CudaAvailabilityTest {
    /** True when the dynamic linker could find the NVIDIA driver library here. */
    private static boolean driverInstalled() {
        return Stream.of("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu", "/usr/lib/wsl/lib")
                .anyMatch(dir -> Files.exists(Path.of(dir, "libcuda.so.1")))
                || (System.getenv("LD_LIBRARY_PATH") != null && Stream.of(System.getenv("LD_LIBRARY_PATH").split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.exists(Path.of(dir, "libcuda.so.1"))));
    }

    @Test
    void withoutTheDriverTheRegistryListsCudaAsUnavailableWithTheReason() {
        assumeTrue(!driverInstalled(), "this machine has libcuda.so.1");
        Backends.Status cuda = Backends.available().stream().filter(s -> s.name().equals("cuda")).findFirst()
                .orElseThrow(() -> new AssertionError("cuda is not registered: " + Backends.available()));
        assertFalse(cuda.available());
        assertEquals(300, cuda.rank());
        assertTrue(cuda.unavailableReason().startsWith("libcuda.so.1 not found (no NVIDIA driver)"), cuda.toString());
        assertTrue(cuda.toString().startsWith("cuda (rank 300): unavailable: libcuda.so.1 not found (no NVIDIA driver)"),
                cuda.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.get("cuda"));
        assertTrue(e.getMessage().startsWith("cuda backend unavailable: libcuda.so.1 not found (no NVIDIA driver)"),
                e.getMessage());
        // Nothing else breaks: the reference backend is still found and usable.
        assertEquals("reference", Backends.get("reference").name());
        assertTrue(Backends.available().stream().anyMatch(s -> s.name().equals("reference") && s.available()));
    }

    @Test
    void aSecondAttemptGivesTheSameReason() {
        String first = CudaTestSupport.unavailableReason();
        assumeTrue(first != null, "the CUDA backend runs here");
        assertEquals(first, assertThrows(dev.nabla.backend.BackendUnavailableException.class,
                CudaBackend::create).getMessage());
    }

    @Test
    void theMissingLibraryIsNamedFromTheLinkerMessageAnywhereInTheCauseChain() {
        // The shape of JCuda's error on a machine without a driver (LibUtils loads its .so from the jar).
        UnsatisfiedLinkError driver = new UnsatisfiedLinkError("Error while loading native library \"JCudaDriver-12.6.0"
                + "-linux-x86_64\"\n---(start of nested stack traces)---\njava.lang.UnsatisfiedLinkError: "
                + "/tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: cannot open shared object file: "
                + "No such file or directory");
        assertEquals("libcuda.so.1 not found (no NVIDIA driver)", CudaDevice.missing(driver, "libcuda.so.1",
                "no NVIDIA driver"));
        UnsatisfiedLinkError lt = new UnsatisfiedLinkError("x");
        lt.initCause(new UnsatisfiedLinkError("/tmp/libJCublas2-12.6.0-linux-x86_64.so: libcublasLt.so.12: cannot open "
                + "shared object file: No such file or directory"));
        assertEquals("libcublasLt.so.12 not found (needed by libcublas.so.12)",
                CudaDevice.missing(lt, "libcublas.so.12", "hint"));
        assertEquals("cannot load the native binding for libcuda.so.1: UnsatisfiedLinkError: no JCudaDriver in path",
                CudaDevice.missing(new UnsatisfiedLinkError("no JCudaDriver in path\nmore"), "libcuda.so.1", "hint"));
    }

    @Test
    void nativeLoadFailuresNameBothMissingLibraries() {
        assumeTrue(!driverInstalled(), "this machine has libcuda.so.1");
        String reason = CudaDevice.loadNatives();
        assertNotNull(reason);
        assertTrue(reason.startsWith("libcuda.so.1 not found (no NVIDIA driver)"), reason);
    }

    @Test
    void jcudaErrorNamesAreKeptAndAnythingElsePassesThrough() {
        assertEquals("CUDA_ERROR_OUT_OF_MEMORY", CudaErrors.errorName("CUDA_ERROR_OUT_OF_MEMORY"));
        assertEquals("CUBLAS_STATUS_NOT_SUPPORTED", CudaErrors.errorName("CUBLAS_STATUS_NOT_SUPPORTED"));
        assertEquals("something odd", CudaErrors.errorName(" something odd "));
        CudaException e = new CudaException("cuMemAlloc", "CUDA_ERROR_OUT_OF_MEMORY", "allocate", "1024 bytes", null);
        assertEquals("cuda: cuMemAlloc failed with CUDA_ERROR_OUT_OF_MEMORY in allocate: 1024 bytes", e.getMessage());
        assertTrue(CudaErrors.isOutOfMemory(e));
    }
}
