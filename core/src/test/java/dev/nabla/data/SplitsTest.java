package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Seeded splits: sizes, disjoint parts that cover the dataset, the same parts for the same seed. */
class SplitsTest {
    private static final Dataset HUNDRED = new ArrayDataset(range(100), new int[] {1});

    private static float[] range(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return v;
    }

    private static int[] indices(Dataset part) {
        return ((Subset) part).indices();
    }

    @Test
    void sizesFollowTheFractionsAndHandOutTheRemainder() {
        assertArrayEquals(new int[] {80, 10, 10}, Splits.sizes(100, new double[] {0.8, 0.1, 0.1}));
        assertArrayEquals(new int[] {4, 3}, Splits.sizes(7, new double[] {0.5, 0.5}));
        assertArrayEquals(new int[] {4, 3, 3}, Splits.sizes(10, new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}));
        assertArrayEquals(new int[] {0, 1}, Splits.sizes(1, new double[] {0.1, 0.9}));
    }

    @Test
    void partsAreDisjointAndCoverTheDataset() {
        List<Dataset> parts = Splits.split(HUNDRED, new double[] {0.8, 0.1, 0.1}, 42);
        assertEquals(List.of(80, 10, 10), parts.stream().map(Dataset::size).toList());
        int[] all = parts.stream().flatMapToInt(p -> Arrays.stream(indices(p))).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 100).toArray(), all);
        assertEquals(indices(parts.get(1))[3], (int) parts.get(1).features(3)[0], "a part views its samples");
    }

    @Test
    void theSameSeedGivesTheSameSplitAndAnotherSeedAnother() {
        double[] f = {0.7, 0.3};
        List<Dataset> a = Splits.split(HUNDRED, f, 7);
        List<Dataset> b = Splits.split(HUNDRED, f, 7);
        List<Dataset> c = Splits.split(HUNDRED, f, 8);
        assertArrayEquals(indices(a.get(0)), indices(b.get(0)));
        assertArrayEquals(indices(a.get(1)), indices(b.get(1)));
        assertFalse(Arrays.equals(indices(a.get(0)), indices(c.get(0))));
    }

    @Test
    void explicitSizesAndBadArguments() {
        List<Dataset> parts = Splits.split(HUNDRED, new int[] {90, 10}, 1);
        assertEquals(List.of(90, 10), parts.stream().map(Dataset::size).toList());
        assertThrows(IllegalArgumentException.class, () -> Splits.split(HUNDRED, new int[] {90, 9}, 1));
        assertThrows(IllegalArgumentException.class, () -> Splits.split(HUNDRED, new double[] {0.8, 0.1}, 1));
        assertThrows(IllegalArgumentException.class, () -> Splits.split(HUNDRED, new double[] {1.2, -0.2}, 1));
    }
}
