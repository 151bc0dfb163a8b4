package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.cli.run.Checkpoints;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --resume continues exactly; a corrupt newest checkpoint is reported and the previous one used. */
class ResumeTest {
    @TempDir
    Path dir;

    @Test
    void corruptNewestCheckpointFallsBackToThePreviousAndEndsBitIdentical() throws IOException {
        Cli.csv(dir, 60);
        Path job = Cli.job(dir, Cli.cpuBackend(), "checkpoint: {every_steps: 3, keep: 3}\n");
        Path reference = dir.resolve("uninterrupted");
        Path resumed = dir.resolve("resumed");
        assertEquals(ExitCodes.OK, Cli.run("train", job.toString(), "-o", reference.toString()).exitCode());
        assertEquals(ExitCodes.OK, Cli.run("train", job.toString(), "-o", resumed.toString()).exitCode());

        // Checkpoints of the finished run: step 20 (end of epoch 4), 18 and 15 (mid-epoch).
        List<Path> checkpoints = new Checkpoints(resumed.resolve("checkpoints"), 3).list();
        assertEquals(List.of("step-0000000020.safetensors", "step-0000000018.safetensors", "step-0000000015.safetensors"),
                checkpoints.stream().map(p -> p.getFileName().toString()).toList());
        try (FileChannel c = FileChannel.open(checkpoints.get(0), StandardOpenOption.WRITE)) {
            c.truncate(c.size() / 2);   // as a crash in the middle of a write without the atomic rename would leave it
        }
        Files.delete(resumed.resolve("final.safetensors"));

        Cli.Result r = Cli.run("train", job.toString(), "-o", resumed.toString(), "--resume");
        assertEquals(ExitCodes.OK, r.exitCode(), r.all());
        assertTrue(r.err().contains("checkpoint " + checkpoints.get(0) + " is corrupt: SHA-256"), r.err());
        assertTrue(r.err().contains("resuming from " + checkpoints.get(1) + " (epoch 4, batch 3, step 18)"), r.err());
        assertTrue(Files.exists(checkpoints.get(0).resolveSibling("step-0000000020.safetensors.corrupt")));
        Weights.assertBitIdentical(reference.resolve("final.safetensors"), resumed.resolve("final.safetensors"));
        Weights.assertBitIdentical(reference.resolve("best.safetensors"), resumed.resolve("best.safetensors"));
    }

    @Test
    void resumeWithoutCheckpointsStartsFromTheBeginning() throws IOException {
        Cli.csv(dir, 30);
        Path job = Cli.job(dir, "reference", "");
        Cli.Result r = Cli.run("train", job.toString(), "-o", dir.resolve("out").toString(), "--resume", "--set", "epochs=1");
        assertEquals(ExitCodes.OK, r.exitCode(), r.all());
        assertTrue(r.err().contains("no valid checkpoint in"), r.err());
    }
}
