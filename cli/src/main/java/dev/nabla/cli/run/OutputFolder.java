package dev.nabla.cli.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files of a job's output folder (see {@link JobRunner}). */
record OutputFolder(Path dir) {
    Path metrics() {
        return dir.resolve("metrics.jsonl");
    }

    Path checkpoints() {
        return dir.resolve("checkpoints");
    }

    Path bestWeights() {
        return dir.resolve("best.safetensors");
    }

    Path bestJson() {
        return dir.resolve("best.json");
    }

    Path finalWeights() {
        return dir.resolve("final.safetensors");
    }

    Path summary() {
        return dir.resolve("summary.json");
    }

    /** Removes what an earlier run wrote (only Nabla's own files); returns how many. */
    int clear() throws IOException {
        int removed = 0;
        for (Path f : new Path[] {metrics(), bestWeights(), bestJson(), finalWeights(), summary(), dir.resolve("loss.png"),
                dir.resolve("accuracy.png")}) {
            removed += Files.deleteIfExists(f) ? 1 : 0;
        }
        if (Files.isDirectory(checkpoints())) {
            try (var files = Files.list(checkpoints())) {
                for (Path f : files.toList()) {
                    if (f.getFileName().toString().startsWith("step-")) {
                        Files.delete(f);
                        removed++;
                    }
                }
            }
        }
        return removed;
    }
}
