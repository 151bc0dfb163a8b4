package dev.nabla.tensor;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Buffer;
import java.lang.ref.Cleaner;

/**
 * Reference-counted ownership of one backend buffer, shared by a tensor and all its views. The
 * buffer goes back to the backend when the last holder closes; a {@link Cleaner} frees it if
 * every holder became unreachable without closing (a safety net, not the plan: a GC does not see
 * device memory pressure). The version counter detects in-place writes to tensors autograd saved.
 */
final class Storage {
    private static final Cleaner CLEANER = Cleaner.create();

    /** What the cleaner needs; must not refer to the Storage itself. */
    private static final class Release implements Runnable {
        private final Backend backend;
        private final Buffer buffer;
        private boolean done;

        Release(Backend backend, Buffer buffer) {
            this.backend = backend;
            this.buffer = buffer;
        }

        @Override
        public synchronized void run() {
            if (!done) {
                done = true;
                backend.release(buffer);
            }
        }
    }

    final Backend backend;
    final Buffer buffer;
    private final Cleaner.Cleanable cleanable;
    private int references = 1;
    private int version;

    Storage(Backend backend, Buffer buffer) {
        this.backend = backend;
        this.buffer = buffer;
        this.cleanable = CLEANER.register(this, new Release(backend, buffer));
    }

    synchronized void retain() {
        if (references <= 0) {
            throw new IllegalStateException("storage was already freed");
        }
        references++;
    }

    synchronized void release() {
        if (--references == 0) {
            cleanable.clean();
        }
    }

    synchronized boolean freed() {
        return references <= 0;
    }

    int version() {
        return version;
    }

    void bumpVersion() {
        version++;
    }
}
