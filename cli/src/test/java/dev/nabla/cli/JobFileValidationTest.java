package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Invalid job files fail with exit code 2 before any work, naming the field and the reason. */
class JobFileValidationTest {
    @TempDir
    Path dir;
    private String job;

    @BeforeEach
    void writeData() throws IOException {
        Cli.csv(dir, 30);
        job = Files.readString(Cli.job(dir, "reference", "checkpoint: {every_steps: 5, keep: 3}\n"));
    }

    private Cli.Result train(String yaml) throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, yaml);
        return Cli.run("train", file.toString(), "-o", dir.resolve("out").toString());
    }

    private void assertInvalid(Cli.Result r, String... expected) {
        assertEquals(ExitCodes.INVALID, r.exitCode(), r.all());
        for (String e : expected) {
            assertTrue(r.err().contains(e), "expected '" + e + "' in: " + r.err());
        }
        assertFalse(Files.exists(dir.resolve("out")), "nothing may be written for an invalid job");
    }

    @Test
    void unknownFieldNamesItsPathAndTheAllowedOnes() throws IOException {
        assertInvalid(train(job.replace("lr: 0.01", "lr: 0.01, learning_rate: 0.1")),
                "bad.yaml: optimizer.learning_rate: unknown field; allowed here: beta1, beta2, eps, lr, type, weight_decay");
        assertInvalid(train(job + "epoch: 3\n"), "bad.yaml: epoch: unknown field");
        assertInvalid(train(job.replace("normalize: true", "normalise: true")), "data.normalise: unknown field");
    }

    @Test
    void wrongTypes() throws IOException {
        assertInvalid(train(job.replace("batch_size: 8", "batch_size: eight")), "batch_size: expected an integer, got \"eight\"");
        assertInvalid(train(job.replace("lr: 0.01", "lr: fast")), "optimizer.lr: expected a number, got \"fast\"");
        assertInvalid(train(job.replace("normalize: true", "normalize: 3")), "data.normalize: expected true or false, got 3");
        assertInvalid(train(job.replace("epochs: 4", "epochs: 2.5")), "epochs: expected an integer, got 2.5");
        assertInvalid(train(job.replace("{type: linear, in: 6, out: 16}", "{type: linear, in: 6, out: many}")),
                "model.layers[0].out: expected an integer, got \"many\"");
    }

    @Test
    void missingFile() throws IOException {
        assertInvalid(train(job.replace("train: tiny.csv", "train: nowhere.csv")),
                "data.csv.train: no such file: " + dir.resolve("nowhere.csv"));
        assertInvalid(train(job.replace("csv: {train: tiny.csv, label: kind}", "fashion_mnist: " + dir.resolve("none"))),
                "data.fashion_mnist: no Fashion-MNIST files", "scripts/setup.sh dataset-fashion-mnist");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "lr: 0.01|lr: -0.1|optimizer.lr: must be positive, got -0.1",
            "lr: 0.01|lr: 0|optimizer.lr: must be positive, got 0",
            "epochs: 4|epochs: 0|epochs: must be positive, got 0",
            "type: adam, lr: 0.01|type: sgd, lr: 0.1, momentum: 1.5|optimizer.momentum: must be in [0, 1), got 1.5",
            "type: adam, lr: 0.01|type: sgd|optimizer.lr: is required",
            "type: adam|type: lbfgs|optimizer.type: must be one of sgd, adam, adamw, rmsprop, adagrad, got \"lbfgs\"",
            "validation: 0.2, test: 0.2|validation: 0.6, test: 0.5|data.split: validation + test must leave samples",
            "backend: reference|backend: tpu|backend: unknown backend 'tpu'",
            "step_size: 2, gamma: 0.5|gamma: 0.5|schedule.step_size: is required",
            "{type: dropout, p: 0.2}|{type: dropout, p: 1.2}|model.layers[2].p: must be in [0, 1], got 1.2",
            "{type: relu}|{type: relu, inplace: true}|model.layers[1].inplace: unknown field for layer type 'relu'",
            "{type: relu}|{type: swish}|model.layers[1].type: must be one of",
            "every_steps: 5, keep: 3|every_steps: 5, keep: 0|checkpoint.keep: must be positive, got 0",
            "augment: {noise: 0.05}|augment: {flip: 0.5}|data.augment.flip: needs image data",
    })
    void invalidValues(String from, String to, String message) throws IOException {
        assertTrue(job.contains(from), from);
        assertInvalid(train(job.replace(from, to)), message);
    }

    @Test
    void modelMustFitTheData() throws IOException {
        assertInvalid(train(job.replace("{type: linear, in: 6, out: 16}", "{type: linear, in: 5, out: 16}")),
                "model: does not take the data's samples of shape [6]");
        assertInvalid(train(job.replace("{type: linear, in: 16, out: 3}", "{type: linear, in: 16, out: 2}")),
                "model: gives outputs of shape [2, 2]");
    }

    @Test
    void syntaxErrorsAndOverrides() throws IOException {
        assertInvalid(train(job.replace("epochs: 4", "epochs: [4")), "bad.yaml: line");
        assertInvalid(train(job + "epochs: 5\n"), "Duplicate field 'epochs'");
        Path file = dir.resolve("ok.yaml");
        Files.writeString(file, job);
        Cli.Result r = Cli.run("train", file.toString(), "--set", "optimizer.lr=-1", "-o", dir.resolve("out").toString());
        assertInvalid(r, "optimizer.lr: must be positive, got -1");
        assertInvalid(Cli.run("train", dir.resolve("absent.yaml").toString()), "absent.yaml: no such job file");
    }

    @Test
    void checkValidatesWithoutTraining() throws IOException {
        Path file = dir.resolve("ok.yaml");
        Files.writeString(file, job);
        Cli.Result r = Cli.run("train", file.toString(), "--check", "-o", dir.resolve("out").toString());
        assertEquals(ExitCodes.OK, r.exitCode(), r.all());
        assertTrue(r.out().contains("OK (163 parameters, 18 training samples"), r.out());
        assertFalse(Files.exists(dir.resolve("out")));
    }
}
