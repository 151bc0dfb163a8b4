package dev.nabla.backend.reference;

import dev.nabla.backend.Backend;
import dev.nabla.backend.BackendProvider;

/** Registers the reference backend (rank 0: chosen only when nothing faster is present). */
public final class ReferenceProvider implements BackendProvider {
    @Override
    public String name() {
        return "reference";
    }

    @Override
    public int rank() {
        return 0;
    }

    @Override
    public Backend create() {
        return new ReferenceBackend();
    }
}
