package dev.nabla.opencl;

import dev.nabla.backend.Backend;
import dev.nabla.backend.BackendProvider;
import dev.nabla.backend.BackendUnavailableException;

/**
 * Registers the OpenCL backend as {@code opencl}: rank 200 on a GPU, -1 on a CPU device (such as
 * PoCL), so a CPU OpenCL device is used only when asked for by name.
 */
public final class ClBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public int rank() {
        try {
            return ClDevice.choose(ClDevice.list(), System.getProperty("nabla.opencl.device")).isGpu() ? 200 : -1;
        } catch (BackendUnavailableException | RuntimeException | LinkageError e) {
            return -1;
        }
    }

    @Override
    public Backend create() throws BackendUnavailableException {
        return ClBackend.create();
    }
}
