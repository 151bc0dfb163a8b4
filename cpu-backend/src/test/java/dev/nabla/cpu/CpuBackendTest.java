package dev.nabla.cpu;

import dev.nabla.backend.Backend;
import dev.nabla.backend.BackendContractTest;

/** The shared parity suite on the CPU backend (Surefire runs it with SIMD on and off). */
class CpuBackendTest extends BackendContractTest {
    private static final Backend BACKEND = new CpuBackend(2);

    @Override
    protected Backend backend() {
        return BACKEND;
    }
}
