package dev.nabla.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The registry of backends found on the class path with {@link ServiceLoader}.
 *
 * <p>Selection order for {@link #defaultBackend()}: the {@code nabla.backend} system property,
 * then the {@code NABLA_BACKEND} environment variable, then the best available backend by rank
 * (providers with a negative rank are never chosen automatically). {@link #use(Backend)} overrides
 * the default for the current thread.
 *
 * <pre>{@code
 * Backend cpu = Backends.get("cpu");
 * try (var scope = Backends.use(cpu)) {
 *     Tensor x = Tensor.randn(new Generator(1), 3, 4);   // lives on cpu
 * }
 * Backends.available().forEach(System.out::println);     // what was found, and why not
 * }</pre>
 */
public final class Backends {

    /** What is known about one provider on this machine. */
    public record Status(String name, int rank, Backend backend, String unavailableReason) {
        /** True when the backend can run here. */
        public boolean available() {
            return backend != null;
        }

        @Override
        public String toString() {
            return available()
                    ? name + " (rank " + rank + "): " + backend.description()
                    : name + " (rank " + rank + "): unavailable: " + unavailableReason;
        }
    }

    private static final ThreadLocal<Backend> THREAD_OVERRIDE = new ThreadLocal<>();
    private static Map<String, Status> statuses;
    private static Backend defaultBackend;

    private Backends() {
    }

    /** Every backend found, available or not (with the reason), best rank first. */
    public static synchronized List<Status> available() {
        return statuses().values().stream()
                .sorted(Comparator.comparingInt(Status::rank).reversed())
                .toList();
    }

    /**
     * The backend with this name.
     *
     * @throws IllegalArgumentException if no such backend is on the class path, or it cannot run
     *                                  here (the message gives the reason)
     */
    public static synchronized Backend get(String name) {
        Status status = statuses().get(name);
        if (status == null) {
            throw new IllegalArgumentException("unknown backend '" + name + "'; found: "
                    + String.join(", ", statuses().keySet()));
        }
        if (!status.available()) {
            throw new IllegalArgumentException(name + " backend unavailable: " + status.unavailableReason());
        }
        return status.backend();
    }

    /** The process-wide default backend (see the class comment for the selection order). */
    public static synchronized Backend defaultBackend() {
        if (defaultBackend == null) {
            defaultBackend = selectDefault();
        }
        return defaultBackend;
    }

    /** The current thread's backend: the innermost {@link #use} override, else the default. */
    public static Backend current() {
        Backend override = THREAD_OVERRIDE.get();
        return override != null ? override : defaultBackend();
    }

    /** Makes {@code backend} the current thread's backend until the returned scope is closed. */
    public static Scope use(Backend backend) {
        Backend previous = THREAD_OVERRIDE.get();
        THREAD_OVERRIDE.set(backend);
        return () -> THREAD_OVERRIDE.set(previous);
    }

    /** A backend override that ends when closed. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private static Backend selectDefault() {
        String requested = System.getProperty("nabla.backend");
        String source = "system property nabla.backend";
        if (requested == null || requested.isBlank()) {
            requested = System.getenv("NABLA_BACKEND");
            source = "environment variable NABLA_BACKEND";
        }
        if (requested != null && !requested.isBlank()) {
            try {
                return get(requested.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(source + " asks for '" + requested.trim() + "': " + e.getMessage(), e);
            }
        }
        return statuses().values().stream()
                .filter(s -> s.available() && s.rank() >= 0)
                .max(Comparator.comparingInt(Status::rank))
                .map(Status::backend)
                .orElseThrow(() -> new IllegalStateException("no backend can run here: " + statuses().values()
                        .stream().map(Status::toString).collect(Collectors.joining("; "))));
    }

    private static Map<String, Status> statuses() {
        if (statuses == null) {
            Map<String, Status> found = new LinkedHashMap<>();
            List<BackendProvider> providers = new ArrayList<>();
            ServiceLoader.load(BackendProvider.class).forEach(providers::add);
            for (BackendProvider provider : providers) {
                found.put(provider.name(), probe(provider));
            }
            statuses = found;
        }
        return statuses;
    }

    private static Status probe(BackendProvider provider) {
        try {
            return new Status(provider.name(), provider.rank(), provider.create(), null);
        } catch (BackendUnavailableException e) {
            return new Status(provider.name(), provider.rank(), null, e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            // A provider bug or a native library that fails to link must not take the registry down.
            return new Status(provider.name(), provider.rank(), null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
