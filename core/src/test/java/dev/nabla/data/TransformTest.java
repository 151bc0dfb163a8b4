package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Flip, random shift/crop, Gaussian noise and normalisation on host samples. */
class TransformTest {
    private static float[] ramp(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return v;
    }

    @Test
    void flipMirrorsEveryRowExactly() {
        int[] shape = {2, 3, 4};
        float[] x = ramp(24);
        new RandomHorizontalFlip(1).apply(x, 0, shape, new SplittableRandom(1));
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < 3; y++) {
                for (int col = 0; col < 4; col++) {
                    assertEquals(c * 12 + y * 4 + (3 - col), x[c * 12 + y * 4 + col]);
                }
            }
        }
        float[] odd = {9, 1, 2, 3, 4, 9};
        new RandomHorizontalFlip(1).apply(odd, 1, new int[] {1, 4}, new SplittableRandom(1));
        assertArrayEquals(new float[] {9, 4, 3, 2, 1, 9}, odd, "offset respected, neighbours untouched");
        float[] kept = ramp(24);
        new RandomHorizontalFlip(0).apply(kept, 0, shape, new SplittableRandom(1));
        assertArrayEquals(ramp(24), kept);
    }

    @Test
    void flipHappensWithProbabilityP() {
        int flips = 0;
        for (int s = 0; s < 1000; s++) {
            float[] x = {0, 1};
            new RandomHorizontalFlip(0.3).apply(x, 0, new int[] {2}, new SplittableRandom(s));
            flips += x[0] == 1 ? 1 : 0;
        }
        assertTrue(flips > 240 && flips < 360, flips + " flips of 1000");
    }

    @Test
    void randomCropKeepsTheSizeAndMovesTheContent() {
        int[] shape = {2, 5, 5};
        Set<String> offsets = new HashSet<>();
        for (int s = 0; s < 400; s++) {
            float[] x = new float[2 + 50];
            x[1 + 2 * 5 + 2] = 1;        // channel 0, centre pixel (after one leading guard value)
            x[1 + 25 + 2 * 5 + 2] = 2;   // channel 1, centre pixel
            x[0] = -7;
            x[51] = -7;
            new RandomCrop(2).apply(x, 1, shape, new SplittableRandom(s));
            assertEquals(-7, x[0]);
            assertEquals(-7, x[51]);
            int at0 = -1;
            int at1 = -1;
            for (int k = 0; k < 25; k++) {
                if (x[1 + k] != 0) {
                    assertEquals(-1, at0, "one pixel only");
                    assertEquals(1, x[1 + k]);
                    at0 = k;
                }
                if (x[1 + 25 + k] != 0) {
                    assertEquals(2, x[1 + 25 + k]);
                    at1 = k;
                }
            }
            assertEquals(at0, at1, "both channels move alike");
            offsets.add((at0 / 5 - 2) + "," + (at0 % 5 - 2));
        }
        assertEquals(25, offsets.size(), "every shift in [-2, 2]^2 occurs: " + offsets);
    }

    @Test
    void randomCropFillsWhatShiftsIn() {
        float[] x = ramp(9);
        boolean moved = false;
        for (int s = 0; !moved; s++) {
            float[] y = x.clone();
            new RandomCrop(1, -1f).apply(y, 0, new int[] {3, 3}, new SplittableRandom(s));
            int filled = 0;
            for (float v : y) {
                filled += v == -1 ? 1 : 0;
            }
            moved = filled > 0;
            if (moved) {
                assertTrue(filled == 3 || filled == 5, filled + " filled pixels");
            }
        }
        assertThrows(IllegalArgumentException.class,
                () -> new RandomCrop(1).apply(new float[3], 0, new int[] {3}, new SplittableRandom(0)));
    }

    @Test
    void gaussianNoiseHasTheRequestedSpreadAndClamps() {
        float[] x = new float[20000];
        java.util.Arrays.fill(x, 0.5f);
        new GaussianNoise(0.1).apply(x, 0, new int[] {20000}, new SplittableRandom(3));
        double sum = 0;
        double squares = 0;
        for (float v : x) {
            sum += v - 0.5;
            squares += (v - 0.5) * (v - 0.5);
        }
        assertEquals(0, sum / x.length, 0.005);
        assertEquals(0.1, Math.sqrt(squares / x.length), 0.005);
        float[] y = new float[1000];
        new GaussianNoise(2, 0, 1).apply(y, 0, new int[] {1000}, new SplittableRandom(3));
        int zeros = 0;
        int ones = 0;
        for (float v : y) {
            assertTrue(v >= 0 && v <= 1);
            zeros += v == 0 ? 1 : 0;
            ones += v == 1 ? 1 : 0;
        }
        assertTrue(zeros > 0 && ones > 0);
        assertFalse(new GaussianNoise(0).isRandom());
        assertTrue(new GaussianNoise(0.1).isRandom());
    }

    @Test
    void theSameStreamGivesTheSameAugmentation() {
        Transform[] ts = {new RandomHorizontalFlip(0.5), new RandomCrop(3), new GaussianNoise(0.2)};
        for (Transform t : ts) {
            float[] a = ramp(64);
            float[] b = ramp(64);
            t.apply(a, 0, new int[] {1, 8, 8}, new SplittableRandom(99));
            t.apply(b, 0, new int[] {1, 8, 8}, new SplittableRandom(99));
            assertArrayEquals(a, b, t.toString());
        }
    }

    @Test
    void normalizeFitsPerChannelStatistics() {
        // Two samples of shape [2, 2]: channel 0 holds {1, 3, 5, 7}, channel 1 holds {10, 10, 10, 10}.
        Dataset d = new ArrayDataset(new float[] {1, 3, 10, 10, 5, 7, 10, 10}, new int[] {2, 2});
        Normalize n = Normalize.fit(d);
        assertArrayEquals(new float[] {4, 10}, n.mean());
        assertArrayEquals(new float[] {(float) Math.sqrt(5), 1}, n.std(), 1e-6f, "constant channel gets std 1");
        float[] x = d.features(0);
        n.apply(x, 0, d.featureShape(), null);
        assertArrayEquals(new float[] {(float) (-3 / Math.sqrt(5)), (float) (-1 / Math.sqrt(5)), 0, 0}, x, 1e-6f);
    }

    @Test
    void normalizedTrainingDataHasZeroMeanAndUnitStd() {
        SplittableRandom r = new SplittableRandom(5);
        float[] v = new float[300 * 3 * 4];
        for (int i = 0; i < v.length; i++) {
            int channel = (i / 4) % 3;
            v[i] = (float) (channel * 100 + (channel + 1) * r.nextGaussian());
        }
        Dataset d = new ArrayDataset(v, new int[] {3, 2, 2});
        Normalize n = Normalize.fit(d);
        Normalize again = Normalize.fit(new ArrayDataset(normalised(d, n), new int[] {3, 2, 2}));
        assertArrayEquals(new float[] {0, 0, 0}, again.mean(), 1e-5f);
        assertArrayEquals(new float[] {1, 1, 1}, again.std(), 1e-5f);
        assertThrows(IllegalArgumentException.class,
                () -> n.apply(new float[8], 0, new int[] {2, 4}, null));
    }

    private static float[] normalised(Dataset d, Normalize n) {
        float[] out = new float[d.size() * d.featureSize()];
        for (int i = 0; i < d.size(); i++) {
            d.features(i, out, i * d.featureSize());
            n.apply(out, i * d.featureSize(), d.featureShape(), null);
        }
        return out;
    }
}
