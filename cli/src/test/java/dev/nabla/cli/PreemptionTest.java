package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.Backends;
import dev.nabla.cli.run.Checkpoints;
import dev.nabla.cli.run.ModelDescription;
import dev.nabla.tensor.Generator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signals against a child JVM running a job slowed to 40 ms a step (60 steps): SIGTERM and SIGINT
 * leave a loadable checkpoint and the documented exit code; SIGKILL mid-epoch plus --resume ends
 * with weights bit-identical to an uninterrupted run.
 */
class PreemptionTest {
    @TempDir
    Path dir;
    private Path job;

    @BeforeEach
    void writeJob() throws IOException {
        Cli.csv(dir, 120);
        job = Cli.job(dir, Cli.cpuBackend(), "checkpoint: {every_steps: 4, keep: 2}\n").getFileName();
    }

    private Process startSlow(Path log, String... extra) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("train", job.toString(), "-o", "out", "--step-delay-ms", "40"));
        args.addAll(List.of(extra));
        return Cli.start(dir, log, args.toArray(String[]::new));
    }

    /** Waits until the child wrote a checkpoint at step {@code step} or later. */
    private void awaitCheckpoint(Process p, Path log, int step) throws Exception {
        Checkpoints checkpoints = new Checkpoints(dir.resolve("out/checkpoints"), 2);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<Path> files = checkpoints.list();
            if (!files.isEmpty() && Integer.parseInt(files.get(0).getFileName().toString().replaceAll("\\D", "")) >= step
                    && Files.exists(files.get(0).resolveSibling(files.get(0).getFileName() + ".sha256"))) {
                return;
            }
            assertTrue(p.isAlive(), "the job ended early: " + Files.readString(log));
            Thread.sleep(20);
        }
        throw new AssertionError("no checkpoint at step " + step + ": " + Files.readString(log));
    }

    @Test
    void sigtermWritesALoadableCheckpointAndExits143() throws Exception {
        Path log = dir.resolve("term.log");
        Process p = startSlow(log);
        awaitCheckpoint(p, log, 6);
        p.destroy();    // SIGTERM
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String output = Files.readString(log);
        assertEquals(ExitCodes.TERMINATED, p.exitValue(), output);
        assertTrue(output.contains("stopped by SIGTERM"), output);
        Path newest = new Checkpoints(dir.resolve("out/checkpoints"), 2).list().get(0);
        try (Checkpoints.Loaded c = Checkpoints.load(newest, Backends.get("reference"))) {
            assertTrue(c.meta().state().step() >= 6);
            // The checkpoint's weights fit the model its description builds.
            ModelDescription.read(dir.resolve("out/best.json")).spec().build(new Generator(0)).loadStateDict(c.model(), true);
        }
        assertTrue(Files.readString(dir.resolve("out/summary.json")).contains("\"stopped\" : \"SIGTERM\""));
    }

    @Test
    void sigintExits130() throws Exception {
        Path log = dir.resolve("int.log");
        Process p = startSlow(log);
        awaitCheckpoint(p, log, 4);
        new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(ExitCodes.INTERRUPTED, p.exitValue(), Files.readString(log));
        Checkpoints.verify(new Checkpoints(dir.resolve("out/checkpoints"), 2).list().get(0));
    }

    @Test
    void killMinusNineThenResumeIsBitIdentical() throws Exception {
        Path log = dir.resolve("kill.log");
        Process p = startSlow(log);
        awaitCheckpoint(p, log, 14);
        p.destroyForcibly();    // SIGKILL: no handler runs
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue());

        Path resumeLog = dir.resolve("resume.log");
        Process resume = Cli.start(dir, resumeLog, "train", job.toString(), "-o", "out", "--resume");
        assertTrue(resume.waitFor(60, TimeUnit.SECONDS));
        String output = Files.readString(resumeLog);
        assertEquals(ExitCodes.OK, resume.exitValue(), output);
        assertTrue(output.contains("resuming from"), output);

        Cli.Result uninterrupted = Cli.run("train", dir.resolve(job).toString(), "-o", dir.resolve("uninterrupted").toString());
        assertEquals(ExitCodes.OK, uninterrupted.exitCode(), uninterrupted.all());
        Weights.assertBitIdentical(dir.resolve("uninterrupted/final.safetensors"), dir.resolve("out/final.safetensors"));
    }
}
