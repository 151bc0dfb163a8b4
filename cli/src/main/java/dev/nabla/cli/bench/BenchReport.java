package dev.nabla.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.nabla.backend.Backend;
import dev.nabla.cli.Versions;
import dev.nabla.cli.chart.BarChart;
import dev.nabla.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes {@code nabla bench}'s results: bench.md (a table per backend set), bench.json and bench.png. */
public final class BenchReport {
    private BenchReport() {
    }

    /** Writes the three files into {@code dir}. */
    public static void write(Path dir, List<Backend> backends, List<Bench.Result> results, Map<String, Object> settings)
            throws IOException {
        String baseline = Bench.baseline(backends);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("date", Instant.now().toString());
        json.put("nabla", Versions.nabla());
        json.put("java", Runtime.version().toString());
        json.put("cores", Runtime.getRuntime().availableProcessors());
        Map<String, String> described = new LinkedHashMap<>();
        backends.forEach(b -> described.put(b.name(), b.description()));
        json.put("backends", described);
        json.put("baseline", baseline);
        json.put("settings", settings);
        json.put("results", results);
        AtomicFiles.write(dir.resolve("bench.json"), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsBytes(json));
        AtomicFiles.write(dir.resolve("bench.md"), markdown(backends, results, baseline, settings).getBytes(StandardCharsets.UTF_8));
        chart(dir.resolve("bench.png"), backends, results);
    }

    private static String markdown(List<Backend> backends, List<Bench.Result> results, String baseline,
                                   Map<String, Object> settings) {
        StringBuilder md = new StringBuilder("# nabla bench\n\n");
        md.append(String.format(Locale.ROOT, "%s, Java %s, %d cores, Nabla %s. Median of up to %s runs (%s s budget per"
                        + " workload and backend) after at least %s warm-up runs and %s s; speed-up relative to `%s`.%n%n",
                Instant.now(), Runtime.version(), Runtime.getRuntime().availableProcessors(), Versions.nabla(),
                settings.get("repeat"), settings.get("budget_seconds"), settings.get("warmup"), settings.get("warmup_seconds"),
                baseline));
        for (Backend b : backends) {
            md.append("- `").append(b.name()).append("`: ").append(b.description()).append('\n');
        }
        table(md, "Compute", results.stream().filter(r -> !r.group().equals("transfer")).toList());
        table(md, "Transfers (host <-> device, not included above)", results.stream()
                .filter(r -> r.group().equals("transfer")).toList());
        md.append("\n`check`: the result compared with the reference backend's (`oracle`); `-`: not compared.\n");
        return md.toString();
    }

    private static void table(StringBuilder md, String title, List<Bench.Result> rows) {
        if (rows.isEmpty()) {
            return;
        }
        md.append("\n## ").append(title).append("\n\n| workload | backend | median ms | min ms | runs | throughput | speed-up | check |\n")
                .append("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (Bench.Result r : rows) {
            if (r.error() != null) {
                md.append(String.format("| %s | %s | | | | | | error: %s |%n", r.workload(), r.backend(), r.error().replace("|", "/")));
            } else {
                md.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | %d | %.2f %s | %s | %s |%n", r.workload(),
                        r.backend(), r.medianMs(), r.minMs(), r.runs(), r.throughput(), r.unit(),
                        Double.isNaN(r.speedup()) ? "" : String.format(Locale.ROOT, "%.2fx", r.speedup()), r.check()));
            }
        }
    }

    private static void chart(Path file, List<Backend> backends, List<Bench.Result> results) throws IOException {
        List<String> workloads = new ArrayList<>();
        for (Bench.Result r : results) {
            String label = r.workload() + " [" + r.unit() + "]";
            if (!workloads.contains(label)) {
                workloads.add(label);
            }
        }
        List<String> names = backends.stream().map(Backend::name).toList();
        double[][] values = new double[names.size()][workloads.size()];
        String[][] text = new String[names.size()][workloads.size()];
        for (double[] row : values) {
            java.util.Arrays.fill(row, Double.NaN);
        }
        for (Bench.Result r : results) {
            int s = names.indexOf(r.backend());
            int k = workloads.indexOf(r.workload() + " [" + r.unit() + "]");
            values[s][k] = r.throughput();
            text[s][k] = r.error() != null ? "error" : String.format(Locale.ROOT, "%.3g", r.throughput());
        }
        BarChart.write(file, "nabla bench: throughput per backend (higher is better)", "GFLOP/s or GB/s (log scale)",
                workloads, names, values, text);
    }
}
