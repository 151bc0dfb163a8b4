package dev.nabla.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.Buffer;
import dev.nabla.backend.Conv2dGeometry;
import dev.nabla.backend.Strided;
import dev.nabla.backend.reference.ReferenceBackend;
import dev.nabla.tensor.DType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The packed structs (common.h, conv.cl) the kernels receive as by-value arguments, checked without a device. */
class KernelLayoutTest {
    private final Buffer buffer = new ReferenceBackend().allocate(DType.FLOAT32, 1000);

    @Test
    void contiguousViewsOfAnyRankBecomeRankOne() {
        int[] packed = KernelLayout.of("cuda", "test", new int[] {2, 3, 4}, Strided.contiguous(buffer, 5, 2, 3, 4),
                Strided.contiguous(buffer, 100, 2, 3, 4));
        assertEquals(46, packed.length, "rank, count, offset[4], shape[8], stride[4][8]");
        assertEquals(1, packed[0]);
        assertEquals(24, KernelLayout.count(packed));
        assertArrayEquals(new int[] {5, 100, 0, 0}, Arrays.copyOfRange(packed, 2, 6));
        assertEquals(24, packed[6]);
        assertEquals(1, packed[14]);
        assertEquals(1, packed[22]);
    }

    @Test
    void aTransposedViewKeepsItsDimensionsAndSizeOneDimensionsAreDropped() {
        Strided transposed = new Strided(buffer, 0, new int[] {3, 1, 4}, new int[] {1, 99, 3});
        int[] packed = KernelLayout.of("cuda", "test", new int[] {3, 1, 4}, transposed,
                Strided.contiguous(buffer, 0, 3, 1, 4));
        assertEquals(2, packed[0]);
        assertArrayEquals(new int[] {3, 4}, Arrays.copyOfRange(packed, 6, 8));
        assertArrayEquals(new int[] {1, 3}, Arrays.copyOfRange(packed, 14, 16), "view 0 strides");
        assertArrayEquals(new int[] {4, 1}, Arrays.copyOfRange(packed, 22, 24), "view 1 strides");
    }

    @Test
    void aViewReachingOutsideItsBufferIsRefusedBeforeAnyKernelRuns() {
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> KernelLayout.of("cuda", "copy", new int[] {10, 100}, Strided.contiguous(buffer, 1, 10, 100)));
        assertTrue(e.getMessage().startsWith("cuda copy: view of shape [10, 100]"), e.getMessage());
        Strided backwards = new Strided(buffer, 3, new int[] {5}, new int[] {-1});
        assertThrows(IndexOutOfBoundsException.class, () -> KernelLayout.checkBounds("opencl", "copy", backwards));
        assertDoesNotThrow(() -> KernelLayout.checkBounds("opencl", "copy", new Strided(buffer, 2000, new int[] {0, 3},
                new int[] {3, 1})), "an empty view reads nothing");
    }

    @Test
    void moreThanMaxRankUnmergeableDimensionsAreRefused() {
        Buffer large = new ReferenceBackend().allocate(DType.FLOAT32, 10_000);
        int[] shape = {2, 2, 2, 2, 2, 2, 2, 2, 2};
        int[] strides = new int[shape.length];
        for (int d = shape.length - 1, s = 1; d >= 0; d--, s *= 3) {
            strides[d] = s;  // 3^k: no dimension is contiguous with the next, so nothing merges
        }
        var e = assertThrows(IllegalArgumentException.class,
                () -> KernelLayout.of("opencl", "copy", shape, new Strided(large, 0, shape, strides)));
        assertTrue(e.getMessage().contains("9 dimensions that cannot be merged"), e.getMessage());
    }

    @Test
    void theGeometryStructFollowsConvCl() {
        Conv2dGeometry g = new Conv2dGeometry(2, 3, 8, 9, 3, 2, 1, 2, 1, 0, 1, 1);
        assertArrayEquals(new int[] {2, 3, 8, 9, 3, 2, 1, 2, 1, 0, 1, 1, g.oh(), g.ow()}, KernelLayout.geometry(g));
    }

    @Test
    void rowKernelsGetAboutFourElementsPerLaneInPowersOfTwo() {
        assertEquals(1, KernelLayout.lanes(1, 256));
        assertEquals(1, KernelLayout.lanes(7, 256));
        assertEquals(2, KernelLayout.lanes(8, 256));
        assertEquals(16, KernelLayout.lanes(64, 256));
        assertEquals(256, KernelLayout.lanes(4098, 256));
        assertEquals(128, KernelLayout.lanes(4098, 128));
    }

    @Test
    void theIndexRecordNamesTheFirstBadIndex() {
        assertDoesNotThrow(() -> KernelLayout.checkIndexRecord(new int[3], "gather", 4));
        long bad = (5L << 32) | 0xFFFFFFF0L;
        var e = assertThrows(IndexOutOfBoundsException.class, () -> KernelLayout.checkIndexRecord(
                new int[] {1, (int) bad, (int) (bad >> 32)}, "gather", 4));
        assertEquals("gather: index " + bad + " is out of bounds for size 4", e.getMessage());
    }

    @Test
    void programsAreNamedAndBuiltByTheirElementTypes() {
        assertEquals("-DT_F32", KernelTypes.defines(DType.FLOAT32, null));
        assertEquals("-DT_I32 -DU_F64", KernelTypes.defines(DType.INT32, DType.FLOAT64));
        assertEquals("copy.f32.i64", KernelTypes.program("copy", DType.FLOAT32, DType.INT64));
        assertEquals("rows.f64", KernelTypes.program("rows", DType.FLOAT64, null));
        Buffer ints = new ReferenceBackend().allocate(DType.INT32, 4);
        var e = assertThrows(IllegalArgumentException.class,
                () -> KernelTypes.floating("opencl", Strided.contiguous(ints, 0, 4), "softmax"));
        assertEquals("opencl softmax: needs float32 or float64, got int32", e.getMessage());
    }
}
