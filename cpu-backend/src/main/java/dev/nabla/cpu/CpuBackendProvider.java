package dev.nabla.cpu;

import dev.nabla.backend.Backend;
import dev.nabla.backend.BackendProvider;

/** Registers the CPU backend as {@code cpu} with rank 100 (above the reference, below GPUs). */
public final class CpuBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public int rank() {
        return 100;
    }

    @Override
    public Backend create() {
        return new CpuBackend();
    }
}
