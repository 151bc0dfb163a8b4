package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nabla.cli.job.Job;
import dev.nabla.cli.job.JobParser;
import dev.nabla.data.FashionMnist;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The job files in examples/ are valid; the CSV one passes the full check (model against data). */
class ExamplesTest {
    /** The repository's examples folder (tests run in cli/). */
    private static final Path EXAMPLES = Path.of("").toAbsolutePath().getParent().resolve("examples");

    @Test
    void csvExamplesPassTheFullCheck() {
        for (String job : List.of("shapes.yaml", "shapes-tune.yaml")) {
            Cli.Result r = Cli.run("train", EXAMPLES.resolve(job).toString(), "--check");
            assertEquals(ExitCodes.OK, r.exitCode(), r.all());
        }
    }

    @Test
    void fashionMnistExamplesParse() throws IOException {
        assumeTrue(FashionMnist.isPresent(FashionMnist.DEFAULT_DIR), "Fashion-MNIST not installed");
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            List<Path> jobs = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            assertTrue(jobs.size() >= 7, jobs.toString());
            for (Path file : jobs) {
                Job job = JobParser.load(file, List.of());
                assertTrue(job.epochs() > 0, file.toString());
            }
        }
        Job lenet = JobParser.load(EXAMPLES.resolve("lenet5.yaml"), List.of());
        assertEquals("sgd", lenet.optimizer().type());
        assertEquals(0.05, lenet.optimizer().lr());
        assertEquals(64, lenet.batchSize());
        assertEquals(5, lenet.epochs());
        assertEquals("auto", lenet.backend());
    }
}
