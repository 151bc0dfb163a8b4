package dev.nabla.cli.bench;

import dev.nabla.backend.Backend;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Times workloads on backends: warm-up runs (a count and a time, within the budget), then repetitions until the count or the time budget
 * is reached (at least one), the median as the result. Before timing, each result is compared with
 * the reference backend's ({@code |x - ref| <= 1e-3 + 1e-3 |ref|}, float32 with other summation
 * orders), when the reference backend is among those measured.
 */
public final class Bench {
    private final List<Backend> backends;
    private final int warmup;
    private final double warmupSeconds;
    private final int repeat;
    private final double budgetSeconds;
    private final PrintStream out;
    /** The output of the latest {@link #measure} call (the reference backend's becomes the oracle). */
    private float[] lastOutput;

    /**
     * One measurement.
     *
     * @param throughput work per second at the median time, in {@code unit}
     * @param speedup    baseline median / this median (NaN when the baseline has none)
     * @param check      {@code ok}, {@code oracle}, {@code -} (not checked) or the mismatch
     * @param error      why it could not run, or null
     */
    public record Result(String workload, String group, String unit, String backend, double medianMs, double minMs,
                         int runs, double throughput, double speedup, String check, String error) {
    }

    /**
     * @param warmup        warm-up runs at least
     * @param warmupSeconds and warm-up time at least (the JIT compiles hot code after thousands of calls)
     * @param repeat        timed runs at most
     * @param budgetSeconds time for the timed runs (and the most the warm-up may take)
     */
    public Bench(List<Backend> backends, int warmup, double warmupSeconds, int repeat, double budgetSeconds, PrintStream out) {
        this.backends = backends;
        this.warmup = warmup;
        this.warmupSeconds = warmupSeconds;
        this.repeat = repeat;
        this.budgetSeconds = budgetSeconds;
        this.out = out;
    }

    /** The backend speed-ups are relative to: cpu, else reference, else the first. */
    public static String baseline(List<Backend> backends) {
        List<String> names = backends.stream().map(Backend::name).toList();
        return names.contains("cpu") ? "cpu" : names.contains("reference") ? "reference" : names.get(0);
    }

    /** Measures every workload on every backend (the reference backend first: its results are the oracle). */
    public List<Result> run(List<Workload> workloads) {
        List<Backend> order = new ArrayList<>(backends);
        order.sort((a, b) -> Boolean.compare(!a.name().equals("reference"), !b.name().equals("reference")));
        String baseline = baseline(backends);
        List<Result> results = new ArrayList<>();
        for (Workload w : workloads) {
            float[] oracle = null;
            Map<String, Result> row = new HashMap<>();
            for (Backend b : order) {
                Result r = measure(w, b, oracle);
                if (b.name().equals("reference") && r.error() == null) {
                    oracle = lastOutput;
                }
                row.put(b.name(), r);
            }
            Result base = row.get(baseline);
            for (Backend b : backends) {
                Result r = row.get(b.name());
                double speedup = base == null || base.error() != null || r.error() != null ? Double.NaN : base.medianMs() / r.medianMs();
                Result done = new Result(r.workload(), r.group(), r.unit(), r.backend(), r.medianMs(), r.minMs(), r.runs(),
                        r.throughput(), speedup, r.check(), r.error());
                results.add(done);
                out.println(line(done));
            }
        }
        return results;
    }

    private Result measure(Workload w, Backend b, float[] oracle) {
        lastOutput = null;
        try (Workload.Instance instance = w.setup().create(b)) {
            float[] output = instance.output();
            lastOutput = output;
            String check = output == null ? "-" : b.name().equals("reference") ? "oracle" : oracle == null ? "-" : compare(output, oracle);
            long start = System.nanoTime();
            long warmEnd = start + (long) (warmupSeconds * 1e9);
            long budgetEnd = start + (long) (budgetSeconds * 1e9);
            for (int i = 0; (i < warmup || System.nanoTime() < warmEnd) && System.nanoTime() < budgetEnd; i++) {
                instance.run();
            }
            List<Double> times = new ArrayList<>();
            budgetEnd = System.nanoTime() + (long) (budgetSeconds * 1e9);
            while (times.size() < repeat && (times.isEmpty() || System.nanoTime() < budgetEnd)) {
                long t0 = System.nanoTime();
                instance.run();
                times.add((System.nanoTime() - t0) / 1e6);
            }
            double[] sorted = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                    : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
            double throughput = w.work() / (median / 1e3) / 1e9;
            return new Result(w.name(), w.group(), w.unit(), b.name(), median, sorted[0], sorted.length, throughput, Double.NaN,
                    check, null);
        } catch (RuntimeException | OutOfMemoryError e) {
            return new Result(w.name(), w.group(), w.unit(), b.name(), Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN, "-",
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static String compare(float[] x, float[] ref) {
        if (x.length != ref.length) {
            return "MISMATCH: " + x.length + " values, reference " + ref.length;
        }
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double excess = Math.abs(x[i] - ref[i]) / (1e-3 + 1e-3 * Math.abs(ref[i]));
            worst = Double.isNaN(excess) ? Double.POSITIVE_INFINITY : Math.max(worst, excess);
        }
        return worst <= 1 ? "ok" : String.format(Locale.ROOT, "MISMATCH: error %.3g x tolerance", worst);
    }

    static String line(Result r) {
        if (r.error() != null) {
            return String.format(Locale.ROOT, "%-55s %-10s error: %s", r.workload(), r.backend(), r.error());
        }
        return String.format(Locale.ROOT, "%-55s %-10s %10.3f ms %10.2f %-7s x%-7.2f %s", r.workload(), r.backend(),
                r.medianMs(), r.throughput(), r.unit(), r.speedup(), r.check());
    }
}
