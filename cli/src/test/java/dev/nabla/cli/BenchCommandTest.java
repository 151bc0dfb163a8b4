package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nabla bench writes a Markdown table, JSON and a PNG chart. */
class BenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesTableJsonAndChart() throws Exception {
        Cli.Result r = Cli.run("bench", "--quick", "--only", "relu", "--backends", "reference", "--warmup", "1",
                "--warmup-time", "0", "--repeat", "2", "-o", dir.toString());
        assertEquals(ExitCodes.OK, r.exitCode(), r.all());
        String md = Files.readString(dir.resolve("bench.md"));
        assertTrue(md.contains("| relu 262144 | reference |"), md);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("bench.json").toFile());
        assertEquals("reference", json.get("baseline").asText());
        JsonNode result = json.get("results").get(0);
        assertEquals("oracle", result.get("check").asText());
        assertTrue(result.get("throughput").asDouble() > 0, result.toString());
        assertTrue(ImageIO.read(dir.resolve("bench.png").toFile()).getWidth() > 600);
    }

    @Test
    void unknownBackendIsInvalidUsage() {
        Cli.Result r = Cli.run("bench", "--backends", "tpu", "-o", dir.toString());
        assertEquals(ExitCodes.INVALID, r.exitCode(), r.all());
        assertTrue(r.err().contains("unknown backend 'tpu'"), r.err());
    }
}
