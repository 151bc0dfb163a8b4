package dev.nabla.cli;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.cli.bench.Bench;
import dev.nabla.cli.bench.BenchReport;
import dev.nabla.cli.bench.Workload;
import dev.nabla.cli.bench.Workloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nabla bench}: the same workloads on every available backend, as a table, JSON and a chart. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare the backends: GEMM, conv2d forward and forward+backward (LeNet-5 layers, a 3x3x64"
                + " ResNet layer), max pooling, ReLU, softmax and MLP / LeNet-5 training steps on every available backend,"
                + " plus host<->device transfers timed on their own.",
                "Writes bench.md, bench.json and bench.png (median time, GFLOP/s or GB/s, speed-up relative to the cpu"
                        + " backend, or reference without it; results checked against the reference backend)."},
        footer = {"", "For precise numbers use the JMH suites in benchmarks/.", "", ExitCodes.HELP})
final class BenchCommand implements Callable<Integer> {
    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "runs/bench",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    private Path output;

    @Option(names = "--backends", split = ",", paramLabel = "NAME", description = "Only these backends (default: every"
            + " available one).")
    private List<String> backendNames;

    @Option(names = "--only", paramLabel = "TEXT", description = "Only workloads whose name contains TEXT (e.g. gemm).")
    private String only;

    @Option(names = "--quick", description = "Small sizes: a smoke run of a few seconds.")
    private boolean quick;

    @Option(names = "--warmup", defaultValue = "3", description = "Warm-up runs at least (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--warmup-time", defaultValue = "1", paramLabel = "SECONDS", description = "Warm-up time at least, so"
            + " the JIT has compiled the hot code (default: ${DEFAULT-VALUE}; --quick: 0.2).")
    private double warmupSeconds;

    @Option(names = "--repeat", defaultValue = "10", description = "Timed runs at most (default: ${DEFAULT-VALUE}).")
    private int repeat;

    @Option(names = "--budget", defaultValue = "2", paramLabel = "SECONDS", description = "Time budget per workload,"
            + " and backend for the timed runs, and the most the warm-up may take; at least one timed run"
            + " (default: ${DEFAULT-VALUE}).")
    private double budget;

    @Override
    public Integer call() {
        try {
            List<Backend> backends = new ArrayList<>();
            if (backendNames == null) {
                Backends.available().stream().filter(Backends.Status::available).forEach(s -> backends.add(s.backend()));
            } else {
                for (String name : backendNames) {
                    backends.add(Backends.get(name.trim()));
                }
            }
            if (backends.isEmpty()) {
                throw new IllegalArgumentException("no backend to measure");
            }
            List<Workload> workloads = new ArrayList<>(Workloads.all(quick));
            workloads.addAll(Workloads.transfers(quick));
            if (only != null) {
                workloads.removeIf(w -> !w.name().contains(only));
                if (workloads.isEmpty()) {
                    throw new IllegalArgumentException("--only " + only + " matches no workload");
                }
            }
            System.out.println("nabla bench: " + workloads.size() + " workloads on " + backends.stream().map(Backend::name).toList()
                    + "; speed-up relative to " + Bench.baseline(backends));
            List<Bench.Result> results = new Bench(backends, warmup,
                    quick ? Math.min(warmupSeconds, 0.2) : warmupSeconds, Math.max(1, repeat), budget, System.out).run(workloads);
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("quick", quick);
            settings.put("warmup", warmup);
            settings.put("warmup_seconds", quick ? Math.min(warmupSeconds, 0.2) : warmupSeconds);
            settings.put("repeat", repeat);
            settings.put("budget_seconds", budget);
            Files.createDirectories(output);
            BenchReport.write(output, backends, results, settings);
            System.out.println("nabla bench: wrote " + output.resolve("bench.md") + ", bench.json, bench.png");
            return ExitCodes.OK;
        } catch (IllegalArgumentException e) {
            System.err.println("nabla bench: " + e.getMessage());
            return ExitCodes.INVALID;
        } catch (Exception e) {
            return Failures.report("nabla bench", e);
        }
    }
}
