package dev.nabla.cuda;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nabla.backend.BackendUnavailableException;

/**
 * The CUDA backend for tests: skipped with the reason when this machine cannot run it. CI machines have
 * no GPU, so CI skips too; set {@code NABLA_REQUIRE_CUDA=true} on a GPU server to make a missing
 * backend a failure instead.
 */
final class CudaTestSupport {
    private static CudaBackend backend;
    private static String unavailable;

    private CudaTestSupport() {
    }

    /** Why the backend cannot run here, or null when it can. */
    static synchronized String unavailableReason() {
        if (backend == null && unavailable == null) {
            try {
                backend = CudaBackend.create();
            } catch (BackendUnavailableException e) {
                unavailable = e.getMessage();
            }
        }
        return unavailable;
    }

    static synchronized CudaBackend backend() {
        String reason = unavailableReason();
        if (reason != null) {
            if ("true".equals(System.getenv("NABLA_REQUIRE_CUDA"))) {
                fail("NABLA_REQUIRE_CUDA=true but the CUDA backend is unavailable: " + reason);
            }
            assumeTrue(false, "CUDA backend unavailable: " + reason);
        }
        return backend;
    }
}
