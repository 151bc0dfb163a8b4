package dev.nabla.opencl;

import dev.nabla.backend.Backend;
import dev.nabla.backend.BackendContractTest;

/** The shared parity suite on the OpenCL backend (skipped with the reason without a device, failed in CI). */
class ClBackendTest extends BackendContractTest {
    @Override
    protected Backend backend() {
        return ClTestSupport.backend();
    }
}
