package dev.nabla.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.Backends;
import dev.nabla.backend.reference.ReferenceBackend;
import dev.nabla.data.ArrayDataset;
import dev.nabla.data.DataLoader;
import dev.nabla.nn.ModelSpec;
import dev.nabla.nn.Module;
import dev.nabla.optim.SGD;
import dev.nabla.optim.Schedule;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training loop on a small synthetic problem: learning, metrics, early stopping, stop and resume. */
class TrainerTest {
    private Backends.Scope scope;

    @BeforeEach
    void useReference() {
        scope = Backends.use(new ReferenceBackend());
    }

    @AfterEach
    void restore() {
        scope.close();
    }

    /** Three Gaussian blobs in 4-D, one per class. */
    private static ArrayDataset blobs(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * 4];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int d = 0; d < 4; d++) {
                x[i * 4 + d] = (float) (r.nextGaussian() * 0.7 + (d == y[i] ? 2 : 0));
            }
        }
        return new ArrayDataset(x, new int[] {4}, y, 3);
    }

    private static Module mlp(long seed) {
        return ModelSpec.preset("mlp", Map.of("inputs", 4, "hidden", List.of(16), "classes", 3)).build(new Generator(seed));
    }

    private static DataLoader loader(ArrayDataset data, boolean shuffle) {
        return DataLoader.builder(data).batchSize(16).shuffle(shuffle).seed(7).backend(Backends.current()).build();
    }

    private static Progress quiet() {
        return new Progress(Progress.Mode.OFF, System.out, 0);
    }

    @Test
    void learnsAndReportsMetrics(@TempDir Path dir) throws IOException {
        Module model = mlp(1);
        Path metricsFile = dir.resolve("metrics.jsonl");
        Trainer trainer;
        try (MetricsLog log = new MetricsLog(metricsFile)) {
            trainer = Trainer.builder(model, new SGD(model.parameters(), 0.1, 0.9), LossFunction.crossEntropy())
                    .epochs(5).schedule(Schedule.step(2, 0.5)).progress(quiet()).metrics(log, 10).build();
            TrainingResult result = trainer.fit(loader(blobs(300, 1), true), loader(blobs(90, 2), false));
            assertEquals(5, result.epochs().size());
            assertEquals(0.025, result.epochs().get(4).learningRate(), 1e-12, "step schedule: 0.1 * 0.5^2");
            assertTrue(result.epochs().get(4).trainLoss() < result.epochs().get(0).trainLoss());
        }
        Evaluation test = trainer.evaluate(loader(blobs(150, 3), false));
        assertTrue(test.accuracy() > 0.9, test.toString());
        assertEquals(150, test.confusion().total());
        assertEquals(3, test.confusion().perClassAccuracy().length);
        List<String> lines = Files.readAllLines(metricsFile);
        assertTrue(lines.stream().filter(l -> l.contains("\"type\":\"epoch\"")).count() == 5, lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"type\":\"step\"") && l.contains("\"memory_in_use\"")));
    }

    @Test
    void earlyStoppingStopsAndRestoresTheBestWeights() {
        Module model = mlp(2);
        // A learning rate this large makes the loss diverge after the first epochs.
        Trainer trainer = Trainer.builder(model, new SGD(model.parameters(), 0.1, 0.9), LossFunction.crossEntropy())
                .epochs(30).earlyStopping(new EarlyStopping(2, 0.0, true)).schedule((e, base) -> e < 2 ? base : 40.0)
                .progress(quiet()).build();
        DataLoader validation = loader(blobs(90, 2), false);
        TrainingResult result = trainer.fit(loader(blobs(300, 1), true), validation);
        assertTrue(result.stoppedEarly(), "stopped after epochs " + result.epochs().size());
        assertTrue(result.epochs().size() < 30);
        double bestLoss = result.epochs().get(result.bestEpoch()).validation().loss();
        assertEquals(bestLoss, trainer.evaluate(validation).loss(), 1e-6, "the best weights are back");
    }

    @Test
    void stoppingMidEpochAndResumingGivesIdenticalWeights() {
        ArrayDataset data = blobs(200, 4);
        Module uninterrupted = mlp(3);
        Trainer.builder(uninterrupted, new SGD(uninterrupted.parameters(), 0.05, 0.9), LossFunction.crossEntropy())
                .epochs(3).progress(quiet()).build().fit(loader(data, true), null);

        Module model = mlp(3);
        SGD optimizer = new SGD(model.parameters(), 0.05, 0.9);
        Trainer[] holder = new Trainer[1];
        TrainingState[] saved = new TrainingState[1];
        holder[0] = Trainer.builder(model, optimizer, LossFunction.crossEntropy()).epochs(3).progress(quiet())
                .callback(new Callback() {
                    @Override
                    public void onStep(TrainingState state, double loss) {
                        if (state.step() == 20) {        // epoch 1, batch 7 of 13
                            saved[0] = state;
                            holder[0].requestStop();
                        }
                    }
                }).build();
        TrainingResult first = holder[0].fit(loader(data, true), null);
        assertTrue(first.interrupted());
        assertEquals(1, first.state().epoch());
        assertEquals(7, first.state().batch());

        // "Restart": a new model and optimizer restored from the saved state dicts.
        Module resumed = mlp(99);
        resumed.loadStateDict(model.stateDict(), true);
        SGD resumedOptimizer = new SGD(resumed.parameters(), 0.05, 0.9);
        resumedOptimizer.loadStateDict(optimizer.stateDict());
        TrainingResult rest = Trainer.builder(resumed, resumedOptimizer, LossFunction.crossEntropy()).epochs(3)
                .progress(quiet()).build().fit(loader(data, true), null, saved[0]);
        assertEquals(3, rest.state().epoch());
        for (Map.Entry<String, Tensor> e : uninterrupted.stateDict().entrySet()) {
            assertArrayEquals(e.getValue().toFloatArray(), resumed.stateDict().get(e.getKey()).toFloatArray(),
                    e.getKey() + " is bit-identical");
        }
    }

    @Test
    void hyperParameterSearch() {
        List<Map<String, Object>> grid = HyperSearch.grid(Map.of("lr", List.of(0.001, 0.1)));
        assertEquals(2, grid.size());
        List<HyperSearch.Trial> trials = HyperSearch.run(grid, config -> {
            Module model = mlp(5);
            Trainer t = Trainer.builder(model, new SGD(model.parameters(), (double) config.get("lr"), 0.9),
                    LossFunction.crossEntropy()).epochs(2).progress(quiet()).build();
            t.fit(loader(blobs(150, 1), true), null);
            return t.evaluate(loader(blobs(60, 2), false)).accuracy();
        }, false, trial -> { });
        assertEquals(0.1, (double) HyperSearch.best(trials, false).params().get("lr"));
        List<Map<String, Object>> random = HyperSearch.random(Map.of("lr", HyperSearch.Sampler.logUniform(1e-4, 1e-1),
                "width", HyperSearch.Sampler.choice(List.of(8, 16))), 5, 42);
        assertEquals(random, HyperSearch.random(Map.of("lr", HyperSearch.Sampler.logUniform(1e-4, 1e-1),
                "width", HyperSearch.Sampler.choice(List.of(8, 16))), 5, 42), "seeded");
        random.forEach(c -> assertTrue((double) c.get("lr") >= 1e-4 && (double) c.get("lr") < 1e-1));
    }
}
