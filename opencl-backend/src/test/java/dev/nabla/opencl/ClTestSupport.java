package dev.nabla.opencl;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nabla.backend.BackendUnavailableException;

/** The OpenCL backend for tests: skipped with the reason when there is no device, except in CI (CI=true). */
final class ClTestSupport {
    private static ClBackend backend;
    private static String unavailable;

    private ClTestSupport() {
    }

    /** A backend of its own (own context and allocator), for tests that count memory. */
    static ClBackend fresh() {
        backend();
        try {
            return ClBackend.create();
        } catch (BackendUnavailableException e) {
            throw new IllegalStateException(e);
        }
    }

    static synchronized ClBackend backend() {
        if (backend == null && unavailable == null) {
            try {
                backend = ClBackend.create();
            } catch (BackendUnavailableException e) {
                unavailable = e.getMessage();
            }
        }
        if (backend == null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true but the OpenCL backend is unavailable: " + unavailable);
            }
            assumeTrue(false, "OpenCL backend unavailable: " + unavailable);
        }
        return backend;
    }
}
