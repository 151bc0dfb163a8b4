package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.backend.Backends;
import dev.nabla.io.Safetensors;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Bit-for-bit comparison of saved weights. */
final class Weights {
    private Weights() {
    }

    /** Asserts that two safetensors files hold the same names with bit-identical float values. */
    static void assertBitIdentical(Path expected, Path actual) throws IOException {
        Map<String, Tensor> a = Safetensors.read(expected, Backends.get("reference"));
        Map<String, Tensor> b = Safetensors.read(actual, Backends.get("reference"));
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            // Arrays.equals on float[] compares bit patterns (floatToIntBits), so this is bit identity.
            assertArrayEquals(a.get(k).toFloatArray(), b.get(k).toFloatArray(), k + " differs");
        }
    }
}
