package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nabla tune runs one trial per configuration, reports each score and the best; bad searches fail first. */
class TuneCommandTest {
    @TempDir
    Path dir;

    @Test
    void gridSearchReportsEveryTrialAndTheBest() throws Exception {
        Cli.csv(dir, 30);
        Path job = Cli.job(dir, "reference", """
                search:
                  metric: val_loss
                  params:
                    optimizer.lr: [0.001, 0.05]
                    batch_size: [8]
                """);
        Cli.Result r = Cli.run("tune", job.toString(), "--set", "epochs=1", "-o", dir.resolve("out").toString());
        assertEquals(ExitCodes.OK, r.exitCode(), r.all());
        JsonNode tune = new ObjectMapper().readTree(dir.resolve("out/tune.json").toFile());
        assertEquals(2, tune.get("trials").size());
        assertTrue(tune.get("trials").get(1).get("val_loss").isNumber(), tune.toString());
        assertTrue(r.out().contains("best: trial " + tune.get("best_trial").asInt()), r.out());
        assertTrue(Files.exists(dir.resolve("out/trial-001/summary.json")));
    }

    @Test
    void aTrialThatCannotRunFailsBeforeAnyTrialStarts() throws Exception {
        Cli.csv(dir, 30);
        Path job = Cli.job(dir, "reference", """
                search:
                  params:
                    model.layers[0].out: [16, 5]
                """);
        Cli.Result r = Cli.run("tune", job.toString(), "-o", dir.resolve("out").toString());
        assertEquals(ExitCodes.INVALID, r.exitCode(), r.all());
        assertTrue(r.err().contains("trial 1 {model.layers[0].out=5}: model: does not take the data's samples"), r.err());
        assertTrue(!Files.exists(dir.resolve("out/trial-000")), "no trial may start");
    }
}
