package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** ArrayDataset, Subset and copyOf: shapes, labels, views and the checks on their arguments. */
class DatasetTest {
    private final float[] values = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};

    @Test
    void arrayDatasetSlicesSamples() {
        ArrayDataset d = new ArrayDataset(values, new int[] {2, 2}, new int[] {2, 0, 1});
        assertEquals(3, d.size());
        assertEquals(4, d.featureSize());
        assertArrayEquals(new float[] {4, 5, 6, 7}, d.features(1));
        float[] dst = new float[6];
        d.features(2, dst, 1);
        assertArrayEquals(new float[] {0, 8, 9, 10, 11, 0}, dst);
        assertEquals(3, d.numClasses().getAsInt());
        assertThrows(IndexOutOfBoundsException.class, () -> d.features(3));
        ArrayDataset named = d.withClassNames(List.of("a", "b", "c"));
        assertEquals("c", named.classNames().get(named.label(0)));
    }

    @Test
    void argumentsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new ArrayDataset(values, new int[] {5}));
        assertThrows(IllegalArgumentException.class, () -> new ArrayDataset(values, new int[] {4}, new int[] {1, 2}));
        int[] four = {4};
        assertThrows(IllegalArgumentException.class, () -> new ArrayDataset(values, four, new int[] {0, 1, 3}, 3));
        assertThrows(IllegalArgumentException.class, () -> new ArrayDataset(values, four, new int[] {0, -1, 1}));
        ArrayDataset unlabelled = new ArrayDataset(values, new int[] {6});
        assertFalse(unlabelled.hasLabels());
        assertTrue(unlabelled.numClasses().isEmpty());
        assertThrows(UnsupportedOperationException.class, () -> unlabelled.label(0));
    }

    @Test
    void subsetsViewTheirSourceAndFlatten() {
        ArrayDataset d = new ArrayDataset(values, new int[] {2}, new int[] {0, 1, 2, 3, 4, 5});
        Dataset s = d.subset(5, 3, 1);
        assertEquals(3, s.size());
        assertArrayEquals(new float[] {6, 7}, s.features(1));
        assertEquals(1, s.label(2));
        Subset nested = new Subset(s, new int[] {2, 0});
        assertSame(d, nested.source());
        assertArrayEquals(new int[] {1, 5}, nested.indices());
        assertThrows(IndexOutOfBoundsException.class, () -> d.subset(6));
    }

    @Test
    void copyOfMaterialises() {
        ArrayDataset d = new ArrayDataset(values, new int[] {3}, new int[] {1, 0, 1, 0}, 4);
        ArrayDataset copy = ArrayDataset.copyOf(d.subset(3, 2));
        assertArrayEquals(new float[] {9, 10, 11}, copy.features(0));
        assertEquals(4, copy.numClasses().getAsInt());
        assertEquals(1, copy.label(1));
    }
}
