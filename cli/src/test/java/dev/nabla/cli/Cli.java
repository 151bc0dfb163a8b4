package dev.nabla.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** Test helpers: run {@code nabla} in-process or as a child JVM, and write tiny data sets and job files. */
final class Cli {
    private Cli() {
    }

    /** The outcome of one command. */
    record Result(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }
    }

    /** Runs the command line in this JVM, capturing standard output and error. */
    static synchronized Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            int code = NablaCommand.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** Starts {@code nabla ARGS} as a child JVM with this test's class path (output to {@code log}). */
    static Process start(Path dir, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), NablaCommand.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    /**
     * Writes a CSV of {@code rows} samples, 6 features, 3 classes (Gaussian clusters) with a header
     * and a text label column {@code kind}.
     */
    static Path csv(Path dir, int rows) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        StringBuilder sb = new StringBuilder("a,b,c,d,e,f,kind\n");
        String[] kinds = {"red", "green", "blue"};
        for (int i = 0; i < rows; i++) {
            int k = i % 3;
            for (int j = 0; j < 6; j++) {
                double centre = (j % 3 == k ? 2.0 : 0.0);
                sb.append(String.format(Locale.ROOT, "%.4f,", centre + random.nextGaussian() * 0.8));
            }
            sb.append(kinds[k]).append('\n');
        }
        Path file = dir.resolve("tiny.csv");
        Files.writeString(file, sb);
        return file;
    }

    /** A job training a 6-16-3 MLP with dropout on {@code tiny.csv} in {@code dir}; {@code extra} lines are appended. */
    static Path job(Path dir, String backend, String extra) throws IOException {
        String yaml = """
                name: tiny
                model:
                  layers:
                    - {type: linear, in: 6, out: 16}
                    - {type: relu}
                    - {type: dropout, p: 0.2}
                    - {type: linear, in: 16, out: 3}
                data:
                  csv: {train: tiny.csv, label: kind}
                  split: {validation: 0.2, test: 0.2}
                  normalize: true
                  augment: {noise: 0.05}
                optimizer: {type: adam, lr: 0.01}
                schedule: {type: step, step_size: 2, gamma: 0.5}
                epochs: 4
                batch_size: 8
                backend: %s
                seed: 7
                metrics_every: 4
                progress: lines
                """.formatted(backend) + extra;
        Path file = dir.resolve("tiny.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /** The CPU backend when it can run here, else the reference backend: both are deterministic. */
    static String cpuBackend() {
        return dev.nabla.backend.Backends.available().stream()
                .anyMatch(s -> s.name().equals("cpu") && s.available()) ? "cpu" : "reference";
    }
}
