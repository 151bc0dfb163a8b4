package dev.nabla.autodiff;

/**
 * Whether tensor ops on this thread record the autograd graph. Recording is on by default;
 * {@link #noGrad()} switches it off for evaluation, optimizer updates and backward rules.
 *
 * <pre>{@code
 * try (var off = GradMode.noGrad()) {
 *     Tensor prediction = model.forward(x);   // no graph, no saved tensors
 * }
 * }</pre>
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {
    }

    /** True when ops on this thread record gradients. */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Switches recording off until the returned scope is closed. */
    public static Scope noGrad() {
        return set(false);
    }

    /** Switches recording on (inside a no-grad region) until the returned scope is closed. */
    public static Scope enableGrad() {
        return set(true);
    }

    private static Scope set(boolean enabled) {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = enabled;
        return () -> flag[0] = previous;
    }

    /** Restores the previous mode when closed. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
