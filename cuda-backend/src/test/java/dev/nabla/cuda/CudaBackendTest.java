package dev.nabla.cuda;

import dev.nabla.backend.Backend;
import dev.nabla.backend.BackendContractTest;

/** The shared parity suite on the CUDA backend (skipped with the reason where there is no usable GPU). */
class CudaBackendTest extends BackendContractTest {
    @Override
    protected Backend backend() {
        return CudaTestSupport.backend();
    }
}
