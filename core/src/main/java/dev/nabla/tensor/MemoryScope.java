package dev.nabla.tensor;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Frees, when closed, every tensor created on this thread while it was the innermost open scope,
 * except those passed to {@link #keep}. Device memory is thus returned at a known point, not when
 * the garbage collector happens to run.
 *
 * <pre>{@code
 * try (MemoryScope scope = MemoryScope.open()) {
 *     Tensor loss = model.forward(x).sub(y).pow(2).mean();
 *     loss.backward();
 *     total += loss.item();
 * }   // every intermediate tensor of the step is freed here
 * }</pre>
 */
public final class MemoryScope implements AutoCloseable {
    private static final ThreadLocal<Deque<MemoryScope>> STACK = ThreadLocal.withInitial(ArrayDeque::new);

    private final Set<Tensor> owned = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;

    private MemoryScope() {
    }

    /** Opens a scope nested inside the current thread's innermost one. */
    public static MemoryScope open() {
        MemoryScope scope = new MemoryScope();
        STACK.get().push(scope);
        return scope;
    }

    /**
     * Keeps {@code tensors} alive past this scope: they move to the enclosing scope, or are owned
     * by nobody (closed by the caller or the GC) if this is the outermost one.
     *
     * @return the first tensor, for chaining
     */
    public Tensor keep(Tensor... tensors) {
        for (Tensor t : tensors) {
            if (owned.remove(t)) {
                MemoryScope parent = parentOf(this);
                if (parent != null) {
                    parent.owned.add(t);
                }
            }
        }
        return tensors.length > 0 ? tensors[0] : null;
    }

    /** Number of tensors this scope will free. */
    public int size() {
        return owned.size();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Deque<MemoryScope> stack = STACK.get();
        if (stack.peek() != this) {
            throw new IllegalStateException("MemoryScope closed out of order: close inner scopes first");
        }
        stack.pop();
        Tensor[] toClose = owned.toArray(new Tensor[0]);
        owned.clear();
        for (Tensor t : toClose) {
            t.close();
        }
    }

    /**
     * Takes {@code t} out of whichever open scope owns it: it then lives until its owner closes it
     * (long-lived state such as optimizer buffers created during a step).
     *
     * @return {@code t}
     */
    public static Tensor escape(Tensor t) {
        detach(t);
        return t;
    }

    /** Registers a new tensor with the innermost open scope, if any. */
    static void register(Tensor t) {
        MemoryScope scope = STACK.get().peek();
        if (scope != null) {
            scope.owned.add(t);
        }
    }

    /** Removes {@code t} from whichever open scope owns it, so it lives until closed by its owner. */
    static void detach(Tensor t) {
        for (MemoryScope scope : STACK.get()) {
            if (scope.owned.remove(t)) {
                return;
            }
        }
    }

    private static MemoryScope parentOf(MemoryScope scope) {
        boolean found = false;
        for (MemoryScope s : STACK.get()) {
            if (found) {
                return s;
            }
            found = s == scope;
        }
        return null;
    }
}
