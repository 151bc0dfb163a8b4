package dev.nabla.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded random splits of a dataset into disjoint {@link Subset}s that together cover it, like
 * PyTorch's {@code random_split}: the same seed gives the same split on every run.
 *
 * <pre>{@code
 * List<Dataset> parts = Splits.split(all, new double[] {0.8, 0.1, 0.1}, 42);
 * Dataset train = parts.get(0), validation = parts.get(1), test = parts.get(2);
 * }</pre>
 */
public final class Splits {
    private Splits() {
    }

    /**
     * Splits by fractions that sum to 1: part {@code i} gets {@code floor(n * fractions[i])} samples,
     * and the samples left over go one each to the parts with the largest fractional remainders
     * (earlier parts first on ties), so sizes are as close to {@code n * fractions[i]} as they can be.
     */
    public static List<Dataset> split(Dataset dataset, double[] fractions, long seed) {
        return split(dataset, sizes(dataset.size(), fractions), seed);
    }

    /** Splits into parts of the given sizes, which must sum to the dataset's size. */
    public static List<Dataset> split(Dataset dataset, int[] sizes, long seed) {
        long total = 0;
        for (int s : sizes) {
            if (s < 0) {
                throw new IllegalArgumentException("split: negative size in " + Arrays.toString(sizes));
            }
            total += s;
        }
        if (total != dataset.size()) {
            throw new IllegalArgumentException("split: sizes " + Arrays.toString(sizes) + " sum to " + total
                    + ", the dataset has " + dataset.size() + " samples");
        }
        int[] order = permutation(dataset.size(), new SplittableRandom(Seeds.mix(seed, Seeds.SPLIT)));
        List<Dataset> parts = new ArrayList<>(sizes.length);
        int start = 0;
        for (int s : sizes) {
            parts.add(new Subset(dataset, Arrays.copyOfRange(order, start, start + s)));
            start += s;
        }
        return List.copyOf(parts);
    }

    /** The part sizes {@link #split(Dataset, double[], long)} uses for {@code n} samples. */
    public static int[] sizes(int n, double[] fractions) {
        double sum = 0;
        for (double f : fractions) {
            if (!(f >= 0 && f <= 1)) {
                throw new IllegalArgumentException("split: fraction " + f + " is not in [0, 1]");
            }
            sum += f;
        }
        if (fractions.length == 0 || Math.abs(sum - 1) > 1e-6) {
            throw new IllegalArgumentException("split: fractions " + Arrays.toString(fractions) + " sum to " + sum
                    + ", not 1");
        }
        int[] sizes = new int[fractions.length];
        Integer[] byRemainder = new Integer[fractions.length];
        int assigned = 0;
        for (int i = 0; i < fractions.length; i++) {
            sizes[i] = (int) Math.floor(n * fractions[i]);
            assigned += sizes[i];
            byRemainder[i] = i;
        }
        // Largest remainder first; the sort is stable, so ties go to earlier parts.
        Arrays.sort(byRemainder, (a, b) -> Double.compare(n * fractions[b] - sizes[b], n * fractions[a] - sizes[a]));
        for (int k = 0; assigned < n; k = (k + 1) % sizes.length) {
            sizes[byRemainder[k]]++;
            assigned++;
        }
        return sizes;
    }

    /** A Fisher-Yates shuffle of {@code 0 .. n-1}. */
    static int[] permutation(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
