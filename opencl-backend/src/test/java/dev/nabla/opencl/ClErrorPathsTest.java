package dev.nabla.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.Backend;
import dev.nabla.backend.BackendProvider;
import dev.nabla.backend.BackendUnavailableException;
import dev.nabla.backend.Strided;
import dev.nabla.backend.UnaryOp;
import dev.nabla.backend.reference.ReferenceBackend;
import dev.nabla.tensor.DType;
import java.util.ServiceLoader;
import org.jocl.CL;
import org.junit.jupiter.api.Test;

/** OpenCL-specific failures say what failed, with which code, in which op. */
class ClErrorPathsTest {
    private final ClBackend cl = ClTestSupport.backend();

    @Test
    void aKernelThatDoesNotCompileReportsTheBuildLog() {
        ClException e = assertThrows(ClException.class,
                () -> cl.programs().build("broken.cl", "__kernel void broken(__global float* x) { x[0] = y; }", ""));
        assertEquals("clBuildProgram", e.call());
        assertTrue(e.getMessage().contains("CL_BUILD_PROGRAM_FAILURE") && e.getMessage().contains("broken.cl"), e.getMessage());
        assertTrue(e.getMessage().contains("build log:") && e.getMessage().contains("y"), e.getMessage());
    }

    @Test
    void errorsNameTheCallTheCodeAndTheOp() {
        ClException e = new ClException("clEnqueueNDRangeKernel", CL.CL_OUT_OF_RESOURCES, "gemm", null);
        assertEquals("opencl: clEnqueueNDRangeKernel returned CL_OUT_OF_RESOURCES (-5) in gemm", e.getMessage());
        assertTrue(ClErrors.name(-9999).contains("unknown"), ClErrors.name(-9999));
    }

    @Test
    void foreignAndReleasedBuffersAreRefused() {
        var foreign = new ReferenceBackend().allocate(DType.FLOAT32, 4);
        var e = assertThrows(IllegalArgumentException.class,
                () -> cl.fill(Strided.contiguous(foreign, 0, 4), 1));
        assertTrue(e.getMessage().contains("another backend"), e.getMessage());
        var mine = cl.allocate(DType.FLOAT32, 4);
        cl.release(mine);
        assertThrows(IllegalStateException.class, () -> cl.unary(UnaryOp.EXP, 0, Strided.contiguous(mine, 0, 4),
                Strided.contiguous(mine, 0, 4)));
    }

    @Test
    void hostArraysMustMatchTheDtypeAndFit() {
        var b = cl.allocate(DType.FLOAT32, 4);
        assertThrows(IllegalArgumentException.class, () -> cl.write(b, 0, new double[4], 0, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> cl.write(b, 2, new float[4], 0, 4));
        cl.release(b);
    }

    @Test
    void theAllocatorReusesFreedMemoryBySizeClass() {
        assertEquals(256, ClAllocator.sizeClass(1));
        assertEquals(1024, ClAllocator.sizeClass(1000));
        assertEquals(3 << 20, ClAllocator.sizeClass((2 << 20) + 1));
        var a = (ClBuffer) cl.allocate(DType.FLOAT32, 1000);
        cl.release(a);
        var b = (ClBuffer) cl.allocate(DType.INT32, 900);
        assertTrue(a.mem == b.mem, "same size class: the cached memory is handed out again");
        cl.release(b);
    }

    @Test
    void unknownDeviceRequestsListTheDevices() throws BackendUnavailableException {
        var devices = ClDevice.list();
        var e = assertThrows(BackendUnavailableException.class, () -> ClDevice.choose(devices, "no-such-device"));
        assertTrue(e.getMessage().contains("matches no device") && e.getMessage().contains("0: "), e.getMessage());
        assertEquals(devices.get(0).name, ClDevice.choose(devices, "0").name);
        assertEquals(devices.get(0).name, ClDevice.choose(devices, "0:0").name);
    }

    @Test
    void theProviderIsFoundAndNeverPicksACpuDeviceAutomatically() throws BackendUnavailableException {
        BackendProvider provider = ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("opencl")).findFirst().orElseThrow();
        assertEquals(cl.onGpu() ? 200 : -1, provider.rank());
        Backend created = provider.create();
        assertEquals("opencl", created.name());
    }
}
