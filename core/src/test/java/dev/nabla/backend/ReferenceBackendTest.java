package dev.nabla.backend;

import dev.nabla.backend.reference.ReferenceBackend;

/** The reference backend in float32 (fused loops and composites) against itself in float64. */
class ReferenceBackendTest extends BackendContractTest {
    private static final Backend BACKEND = new ReferenceBackend();

    @Override
    protected Backend backend() {
        return BACKEND;
    }
}
