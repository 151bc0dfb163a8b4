package dev.nabla.cuda;

import dev.nabla.backend.Backend;
import dev.nabla.backend.BackendProvider;
import dev.nabla.backend.BackendUnavailableException;

/**
 * Registers the CUDA backend as {@code cuda}, rank 300 (preferred over every other backend when it can
 * run). Without a driver, a GPU or cuBLAS 12, {@link #create()} says which is missing.
 */
public final class CudaBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public int rank() {
        return 300;
    }

    @Override
    public Backend create() throws BackendUnavailableException {
        try {
            return CudaBackend.create();
        } catch (LinkageError e) {
            // JCuda classes or natives that fail in a way CudaDevice did not foresee: unavailable, not broken.
            throw new BackendUnavailableException("cannot load JCuda: " + e, e);
        }
    }
}
