package dev.nabla.backend;

/**
 * A service ({@code META-INF/services/dev.nabla.backend.BackendProvider}) that can create one
 * backend. Providers are cheap to construct; {@link #create()} does the expensive work (loading
 * native libraries, opening a device) and says why it cannot by throwing
 * {@link BackendUnavailableException}.
 */
public interface BackendProvider {

    /** The backend's selection name, e.g. {@code cuda}. */
    String name();

    /**
     * Preference when choosing the best available backend: higher wins. Convention: reference 0,
     * CPU 100, OpenCL on a CPU device -1 (never chosen automatically), OpenCL on a GPU 200, CUDA 300.
     * May look at the machine (e.g. the OpenCL device type) but must not fail.
     */
    int rank();

    /** Creates the backend, or throws with the precise reason it cannot run on this machine. */
    Backend create() throws BackendUnavailableException;
}
