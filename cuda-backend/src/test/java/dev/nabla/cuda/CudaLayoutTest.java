package dev.nabla.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.Buffer;
import dev.nabla.backend.Strided;
import dev.nabla.backend.reference.ReferenceBackend;
import dev.nabla.tensor.DType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The packed Layout struct (common.h) the element-wise kernels receive as one by-value argument. */
class CudaLayoutTest {
    private final Buffer buffer = new ReferenceBackend().allocate(DType.FLOAT32, 1000);

    @Test
    void contiguousViewsOfAnyRankBecomeRankOne() {
        int[] packed = CudaLayout.of("test", new int[] {2, 3, 4}, Strided.contiguous(buffer, 5, 2, 3, 4),
                Strided.contiguous(buffer, 100, 2, 3, 4));
        assertEquals(46, packed.length, "rank, count, offset[4], shape[8], stride[4][8]");
        assertEquals(1, packed[0]);
        assertEquals(24, CudaLayout.count(packed));
        assertArrayEquals(new int[] {5, 100, 0, 0}, Arrays.copyOfRange(packed, 2, 6));
        assertEquals(24, packed[6]);
        assertEquals(1, packed[14]);
        assertEquals(1, packed[22]);
    }

    @Test
    void aTransposedViewKeepsItsDimensionsAndSizeOneDimensionsAreDropped() {
        Strided transposed = new Strided(buffer, 0, new int[] {3, 1, 4}, new int[] {1, 99, 3});
        int[] packed = CudaLayout.of("test", new int[] {3, 1, 4}, transposed, Strided.contiguous(buffer, 0, 3, 1, 4));
        assertEquals(2, packed[0]);
        assertArrayEquals(new int[] {3, 4}, Arrays.copyOfRange(packed, 6, 8));
        assertArrayEquals(new int[] {1, 3}, Arrays.copyOfRange(packed, 14, 16), "view 0 strides");
        assertArrayEquals(new int[] {4, 1}, Arrays.copyOfRange(packed, 22, 24), "view 1 strides");
    }

    @Test
    void aViewReachingOutsideItsBufferIsRefusedBeforeAnyKernelRuns() {
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> CudaLayout.of("copy", new int[] {10, 100}, Strided.contiguous(buffer, 1, 10, 100)));
        assertTrue(e.getMessage().startsWith("cuda copy: view of shape [10, 100]"), e.getMessage());
    }
}
