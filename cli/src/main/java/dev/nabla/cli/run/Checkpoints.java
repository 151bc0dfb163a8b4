package dev.nabla.cli.run;

import dev.nabla.backend.Backend;
import dev.nabla.io.AtomicFiles;
import dev.nabla.io.Safetensors;
import dev.nabla.nn.Module;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A job's checkpoints folder: {@code step-NNNNNNNNNN.safetensors} files, each holding the model's
 * state dict (keys {@code model.*}), the optimizer's ({@code optimizer.*}) and, in the safetensors
 * {@code __metadata__}, the {@link CheckpointMeta} (training state, generators, data position).
 * Each file is written atomically and followed by a {@code .sha256} file in {@code sha256sum}
 * format; a checkpoint without a matching checksum is corrupt (a torn or damaged write) and is
 * skipped in favour of the previous one. Only the newest {@code keep} are kept.
 */
public final class Checkpoints {
    private static final String PREFIX = "step-";
    private static final String SUFFIX = ".safetensors";
    private final Path dir;
    private final int keep;

    /** The checkpoints in {@code dir}, keeping the newest {@code keep} when writing. */
    public Checkpoints(Path dir, int keep) {
        this.dir = dir;
        this.keep = keep;
    }

    /** A checkpoint read back and verified; close it to free its tensors. */
    public record Loaded(Path file, Map<String, Tensor> model, Map<String, Tensor> optimizer, CheckpointMeta meta)
            implements AutoCloseable {
        @Override
        public void close() {
            model.values().forEach(Tensor::close);
            optimizer.values().forEach(Tensor::close);
        }
    }

    /** Writes a checkpoint named after {@code meta}'s step, then its checksum, then drops the oldest beyond {@code keep}. */
    public Path write(Module model, Optimizer optimizer, CheckpointMeta meta) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> tensors.put("model." + k, v));
        Map<String, Tensor> optimizerState = optimizer.stateDict();
        try {
            optimizerState.forEach((k, v) -> tensors.put("optimizer." + k, v));
            Path file = dir.resolve(String.format("%s%010d%s", PREFIX, meta.state().step(), SUFFIX));
            Safetensors.write(file, tensors, meta.toMetadata());
            String line = sha256(file) + "  " + file.getFileName() + "\n";
            AtomicFiles.write(checksumFile(file), line.getBytes(StandardCharsets.UTF_8));
            prune();
            return file;
        } finally {
            // The step counters and the learning rate are new tensors made for the state dict.
            optimizerState.forEach((k, v) -> {
                if (k.endsWith(".step") || k.equals("lr")) {
                    v.close();
                }
            });
        }
    }

    /** The checkpoint files, newest (highest step) first. */
    public List<Path> list() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(PREFIX) && n.endsWith(SUFFIX);
            }).sorted((a, b) -> b.getFileName().toString().compareTo(a.getFileName().toString())).toList();
        }
    }

    /**
     * The newest checkpoint that verifies, loaded onto {@code backend}; each newer one that does not is
     * reported to {@code report}, renamed to {@code *.corrupt} (kept for inspection, never picked again).
     *
     * @return null when there is no valid checkpoint
     */
    public Loaded loadNewestValid(Backend backend, Consumer<String> report) throws IOException {
        for (Path file : list()) {
            try {
                return load(file, backend);
            } catch (IOException | IllegalArgumentException e) {
                report.accept("checkpoint " + file + " is corrupt: " + e.getMessage() + "; trying the previous one");
                Files.move(file, file.resolveSibling(file.getFileName() + ".corrupt"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Files.deleteIfExists(checksumFile(file));
            }
        }
        return null;
    }

    /**
     * Verifies the checksum of {@code file} and reads it.
     *
     * @throws IOException if the checksum file is missing or differs, or the file is not a checkpoint
     */
    public static Loaded load(Path file, Backend backend) throws IOException {
        verify(file);
        CheckpointMeta meta = CheckpointMeta.fromMetadata(Safetensors.metadata(file));
        Map<String, Tensor> all = Safetensors.read(file, backend);
        Map<String, Tensor> model = new LinkedHashMap<>();
        Map<String, Tensor> optimizer = new LinkedHashMap<>();
        all.forEach((k, v) -> (k.startsWith("model.") ? model : optimizer).put(k.substring(k.indexOf('.') + 1), v));
        return new Loaded(file, model, optimizer, meta);
    }

    /** Checks {@code file} against its {@code .sha256} file. */
    public static void verify(Path file) throws IOException {
        Path sidecar = checksumFile(file);
        if (!Files.isRegularFile(sidecar)) {
            throw new IOException("no checksum file " + sidecar.getFileName() + " (the write did not finish)");
        }
        String expected = Files.readString(sidecar).trim().split("\\s+")[0];
        String actual = sha256(file);
        if (!actual.equalsIgnoreCase(expected)) {
            throw new IOException("SHA-256 " + actual.substring(0, 12) + "... differs from the recorded "
                    + (expected.length() > 12 ? expected.substring(0, 12) + "..." : "\"" + expected + "\"")
                    + " (truncated or damaged)");
        }
    }

    private void prune() throws IOException {
        List<Path> files = new ArrayList<>(list());
        for (int i = keep; i < files.size(); i++) {
            Files.deleteIfExists(files.get(i));
            Files.deleteIfExists(checksumFile(files.get(i)));
        }
    }

    static Path checksumFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".sha256");
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
