package dev.nabla.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The ServiceLoader registry: listing, selection by name, thread overrides, clear errors. */
class BackendsTest {
    @Test
    void theReferenceBackendIsFoundAndAvailable() {
        Backends.Status reference = Backends.available().stream().filter(s -> s.name().equals("reference")).findFirst()
                .orElseThrow();
        assertTrue(reference.available(), reference.toString());
        assertSame(reference.backend(), Backends.get("reference"));
    }

    @Test
    void unknownNamesSayWhatExists() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.get("tpu"));
        assertTrue(e.getMessage().startsWith("unknown backend 'tpu'; found: ") && e.getMessage().contains("reference"),
                e.getMessage());
    }

    @Test
    void useOverridesTheBackendForThisThread() {
        Backend mine = PrimitivesOnly.of(Backends.get("reference"));
        try (Backends.Scope scope = Backends.use(mine)) {
            assertSame(mine, Tensor.zeros(2).backend());
        }
        assertEquals(Backends.defaultBackend(), Tensor.zeros(2).backend());
    }
}
