package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nabla.backend.Backends;
import dev.nabla.cli.run.Checkpoints;
import dev.nabla.cli.run.SavedModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A finished job's output folder holds metrics, checkpoints, the best model, the summary and the charts. */
class TrainOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void outputFolderHoldsEverything() throws IOException {
        Cli.csv(dir, 60);
        Path job = Cli.job(dir, "reference", "early_stopping: {patience: 10}\ncheckpoint: {every_steps: 5, keep: 3}\n");
        Path out = dir.resolve("out");
        Cli.Result r = Cli.run("train", job.toString(), "-o", out.toString());
        assertEquals(ExitCodes.OK, r.exitCode(), r.all());
        assertTrue(r.out().contains("test: loss"), r.out());
        assertTrue(r.out().contains("epoch 4/4 train loss"), "plain progress lines: " + r.out());

        List<JsonNode> records = Files.readAllLines(out.resolve("metrics.jsonl")).stream().map(this::json).toList();
        List<JsonNode> epochs = records.stream().filter(n -> n.get("type").asText().equals("epoch")).toList();
        List<JsonNode> steps = records.stream().filter(n -> n.get("type").asText().equals("step")).toList();
        assertEquals(4, epochs.size());
        for (String field : List.of("epoch", "loss", "accuracy", "val_loss", "val_accuracy", "lr", "samples_per_second",
                "memory_in_use")) {
            assertTrue(epochs.get(0).has(field), field + " in " + epochs.get(0));
        }
        assertEquals(0.005, epochs.get(2).get("lr").asDouble(), 1e-12, "step schedule halves the rate every 2 epochs");
        assertEquals(4, steps.get(0).get("step").asInt());
        for (String field : List.of("loss", "accuracy", "lr", "samples_per_second", "memory_in_use")) {
            assertTrue(steps.get(0).has(field), field + " in " + steps.get(0));
        }

        List<Path> checkpoints = new Checkpoints(out.resolve("checkpoints"), 3).list();
        assertEquals(3, checkpoints.size(), "keep: 3");
        assertEquals("step-0000000020.safetensors", checkpoints.get(0).getFileName().toString(), "36 train samples, batch 8: 5 steps per epoch");
        for (Path c : checkpoints) {
            Checkpoints.verify(c);
        }
        try (Checkpoints.Loaded c = Checkpoints.load(checkpoints.get(0), Backends.get("reference"))) {
            assertEquals(4, c.meta().state().epoch());
            assertEquals(20, c.meta().state().step());
            assertTrue(c.optimizer().containsKey("0.exp_avg"), c.optimizer().keySet().toString());
            assertEquals(c.meta().modelSeed(), 7);
        }

        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertEquals("completed", summary.get("stopped").asText());
        assertEquals(4, summary.get("epochs_run").asInt());
        assertEquals("reference", summary.at("/backend/name").asText());
        assertTrue(summary.at("/test/accuracy").asDouble() > 0.5, summary.toString());
        assertEquals(3, summary.at("/test/confusion_matrix").size());
        assertNotNull(summary.at("/versions/java").asText());
        assertTrue(summary.get("wall_seconds").asDouble() > 0);

        for (String png : List.of("loss.png", "accuracy.png")) {
            BufferedImage image = ImageIO.read(out.resolve(png).toFile());
            assertEquals(900, image.getWidth(), png);
        }

        // The best model can be rebuilt from its description and reproduces the test accuracy with eval.
        SavedModel best = SavedModel.load(out.resolve("best.json"), out.resolve("best.safetensors"), Backends.get("reference"));
        assertArrayEquals(new int[] {6}, best.description().inputShape());
        assertEquals(List.of("blue", "green", "red"), best.description().classes());
        Cli.Result eval = Cli.run("eval", "--model", out.resolve("best.json").toString(), "--csv", dir.resolve("tiny.csv").toString(),
                "--label", "kind", "--json", dir.resolve("eval.json").toString());
        assertEquals(ExitCodes.OK, eval.exitCode(), eval.all());
        assertTrue(eval.out().contains("confusion matrix"), eval.out());
        assertEquals(60, JSON.readTree(dir.resolve("eval.json").toFile()).get("samples").asInt());

        Path features = dir.resolve("features.csv");
        Files.writeString(features, "a,b,c,d,e,f\n2,0,0,2,0,0\n0,2,0,0,2,0\n");
        Cli.Result predict = Cli.run("predict", "--model", out.resolve("best.json").toString(), "--csv", features.toString(),
                "-o", dir.resolve("predictions.csv").toString());
        assertEquals(ExitCodes.OK, predict.exitCode(), predict.all());
        List<String> lines = Files.readAllLines(dir.resolve("predictions.csv"));
        assertEquals("index,predicted,class,confidence,p0,p1,p2", lines.get(0));
        assertEquals(3, lines.size());
    }

    private JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError(line, e);
        }
    }
}
