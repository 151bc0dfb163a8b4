package dev.nabla.train;

import dev.nabla.autodiff.GradMode;
import dev.nabla.data.Batch;
import dev.nabla.data.DataLoader;
import dev.nabla.data.Epoch;
import dev.nabla.nn.Module;
import dev.nabla.optim.GradClip;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.Schedule;
import dev.nabla.tensor.MemoryScope;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training loop: epochs of optimizer steps (each inside a {@link MemoryScope}, so device
 * memory stays flat), the learning-rate schedule, validation after each epoch, early stopping,
 * callbacks, progress and JSON-lines metrics. It can start from a saved {@link TrainingState}
 * and stop cleanly between steps ({@link #requestStop()}), which is what preemptible jobs need.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder(model, new SGD(model.parameters(), 0.05, 0.9), LossFunction.crossEntropy())
 *         .epochs(5).earlyStopping(new EarlyStopping(3, 1e-4, true)).build();
 * TrainingResult result = trainer.fit(trainLoader, validationLoader);
 * Evaluation test = trainer.evaluate(testLoader);
 * }</pre>
 */
public final class Trainer {
    private final Module model;
    private final Optimizer optimizer;
    private final LossFunction loss;
    private final int epochs;
    private final Schedule schedule;
    private final double baseLearningRate;
    private final EarlyStopping earlyStopping;
    private final double clipNorm;
    private final List<Callback> callbacks;
    private final Progress progress;
    private final MetricsLog metrics;
    private final int metricsEvery;
    private volatile boolean stopRequested;

    private Trainer(Builder b) {
        model = b.model;
        optimizer = b.optimizer;
        loss = b.loss;
        epochs = b.epochs;
        schedule = b.schedule;
        baseLearningRate = optimizer.learningRate();
        earlyStopping = b.earlyStopping;
        clipNorm = b.clipNorm;
        callbacks = List.copyOf(b.callbacks);
        progress = b.progress;
        metrics = b.metrics;
        metricsEvery = b.metricsEvery;
    }

    /** Starts a builder; defaults: 1 epoch, constant rate, no early stopping, progress AUTO on stdout. */
    public static Builder builder(Module model, Optimizer optimizer, LossFunction loss) {
        return new Builder(model, optimizer, loss);
    }

    /** Asks training to stop after the current step (safe from any thread, e.g. a signal handler). */
    public void requestStop() {
        stopRequested = true;
    }

    /** Trains from the beginning. */
    public TrainingResult fit(DataLoader train, DataLoader validation) {
        return fit(train, validation, TrainingState.start());
    }

    /** Trains from {@code from} (a state a callback saw) to the last epoch, early stop or stop request. */
    public TrainingResult fit(DataLoader train, DataLoader validation, TrainingState from) {
        List<EpochResult> results = new ArrayList<>();
        TrainingState state = from;
        Map<String, Tensor> best = null;
        int bestEpoch = -1;
        boolean stoppedEarly = false;
        while (state.epoch() < epochs && !stopRequested) {
            int epoch = state.epoch();
            optimizer.setLearningRate(schedule.rate(epoch, baseLearningRate));
            long started = System.nanoTime();
            long seenAtStart = state.seen();
            state = runEpoch(train, state);
            if (stopRequested && state.batch() < train.numBatches()) {
                break;   // interrupted mid-epoch: the state says where to resume
            }
            double trainSeconds = (System.nanoTime() - started) / 1e9;
            Evaluation val = validation == null ? null : evaluate(validation);
            double seconds = (System.nanoTime() - started) / 1e9;
            EpochResult result = new EpochResult(epoch, state.lossSum() / state.seen(),
                    state.correct() < 0 ? Double.NaN : (double) state.correct() / state.seen(), val, optimizer.learningRate(),
                    seconds, (state.seen() - seenAtStart) / Math.max(trainSeconds, 1e-9));
            results.add(result);
            double monitored = result.monitored();
            double delta = earlyStopping == null ? 0 : earlyStopping.minDelta();
            boolean improved = monitored < state.best() - delta;
            int bad = improved ? 0 : state.badEpochs() + 1;
            if (improved) {
                bestEpoch = epoch;
                if (earlyStopping != null && earlyStopping.restoreBest()) {
                    closeAll(best);
                    best = snapshot();
                }
            }
            state = new TrainingState(epoch + 1, 0, state.step(), 0, 0, 0, Math.min(monitored, state.best()), bad);
            progress.epoch(epochs, result);
            logEpoch(result);
            for (Callback c : callbacks) {
                c.onEpochEnd(state, result);
            }
            if (earlyStopping != null && bad >= earlyStopping.patience()) {
                stoppedEarly = true;
                break;
            }
        }
        if (best != null && (stoppedEarly || state.epoch() >= epochs)) {
            model.loadStateDict(best, true);
        }
        closeAll(best);
        return new TrainingResult(results, state, bestEpoch, stoppedEarly, stopRequested && !stoppedEarly && state.epoch() < epochs);
    }

    private TrainingState runEpoch(DataLoader train, TrainingState from) {
        model.train();
        int batches = train.numBatches();
        long step = from.step();
        double lossSum = from.lossSum();
        long correct = from.correct();
        long seen = from.seen();
        int batchIndex = from.batch();
        long started = System.nanoTime();
        long startSeen = seen;
        try (Epoch epoch = train.epoch(from.epoch(), from.batch())) {
            while (epoch.hasNext() && !stopRequested) {
                double batchLoss;
                try (MemoryScope scope = MemoryScope.open(); Batch batch = epoch.next()) {
                    Tensor output = model.call(batch.x());
                    Tensor l = loss.compute(output, batch);
                    optimizer.zeroGrad();
                    l.backward();
                    if (clipNorm > 0) {
                        GradClip.byNorm(optimizer.parameters(), clipNorm);
                    }
                    optimizer.step();
                    batchLoss = l.item();
                    lossSum += batchLoss * batch.size();
                    if (batch.labels() != null && output.rank() == 2 && correct >= 0) {
                        try (GradMode.Scope off = GradMode.noGrad()) {
                            correct += (long) output.argmax(1, false).eq(batch.labels()).sum().item();
                        }
                    } else {
                        correct = -1;   // no accuracy for this objective
                    }
                    seen += batch.size();
                }
                step++;
                batchIndex++;
                TrainingState now = new TrainingState(from.epoch(), batchIndex, step, lossSum, correct, seen, from.best(),
                        from.badEpochs());
                double rate = (seen - startSeen) / Math.max((System.nanoTime() - started) / 1e9, 1e-9);
                progress.step(from.epoch(), epochs, batchIndex, batches, batchLoss, rate);
                if (metrics != null && metricsEvery > 0 && step % metricsEvery == 0) {
                    Map<String, Object> record = new LinkedHashMap<>();
                    record.put("type", "step");
                    record.put("step", step);
                    record.put("epoch", from.epoch() + 1);
                    record.put("loss", batchLoss);
                    record.put("lr", optimizer.learningRate());
                    record.put("samples_per_second", rate);
                    record.put("memory_in_use", optimizer.parameters().get(0).backend().memoryStats().inUse());
                    metrics.write(record);
                }
                for (Callback c : callbacks) {
                    c.onStep(now, batchLoss);
                }
            }
        }
        return new TrainingState(from.epoch(), batchIndex, step, lossSum, correct, seen, from.best(), from.badEpochs());
    }

    /** Mean loss and (with labels) the confusion matrix, in evaluation mode without recording gradients. */
    public Evaluation evaluate(DataLoader data) {
        boolean wasTraining = model.isTraining();
        model.eval();
        double lossSum = 0;
        long samples = 0;
        ConfusionMatrix confusion = null;
        try (GradMode.Scope off = GradMode.noGrad(); Epoch epoch = data.epoch(0)) {
            for (Batch batch : epoch) {
                try (MemoryScope scope = MemoryScope.open(); batch) {
                    Tensor output = model.call(batch.x());
                    lossSum += loss.compute(output, batch).item() * batch.size();
                    samples += batch.size();
                    if (batch.labels() != null && output.rank() == 2) {
                        if (confusion == null) {
                            confusion = new ConfusionMatrix(output.size(1));
                        }
                        confusion.add(batch.labels().toLongArray(), output.argmax(1, false).toLongArray());
                    }
                }
            }
        } finally {
            model.train(wasTraining);
        }
        return new Evaluation(lossSum / samples, samples, confusion);
    }

    private void logEpoch(EpochResult r) {
        if (metrics == null) {
            return;
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("type", "epoch");
        record.put("epoch", r.epoch() + 1);
        record.put("loss", r.trainLoss());
        record.put("accuracy", r.trainAccuracy());
        record.put("val_loss", r.validation() == null ? null : r.validation().loss());
        record.put("val_accuracy", r.validation() == null ? null : r.validation().accuracy());
        record.put("lr", r.learningRate());
        record.put("seconds", r.seconds());
        record.put("samples_per_second", r.samplesPerSecond());
        record.put("memory_in_use", optimizer.parameters().get(0).backend().memoryStats().inUse());
        metrics.write(record);
    }

    private Map<String, Tensor> snapshot() {
        Map<String, Tensor> copy = new LinkedHashMap<>();
        try (GradMode.Scope off = GradMode.noGrad()) {
            model.stateDict().forEach((k, v) -> copy.put(k, MemoryScope.escape(v.contiguousCopy())));
        }
        return copy;
    }

    private static void closeAll(Map<String, Tensor> tensors) {
        if (tensors != null) {
            tensors.values().forEach(Tensor::close);
        }
    }

    /** Configures a {@link Trainer}. */
    public static final class Builder {
        private final Module model;
        private final Optimizer optimizer;
        private final LossFunction loss;
        private int epochs = 1;
        private Schedule schedule = Schedule.constant();
        private EarlyStopping earlyStopping;
        private double clipNorm;
        private final List<Callback> callbacks = new ArrayList<>();
        private Progress progress = new Progress(Progress.Mode.AUTO, System.out, 100);
        private MetricsLog metrics;
        private int metricsEvery = 100;

        private Builder(Module model, Optimizer optimizer, LossFunction loss) {
            this.model = model;
            this.optimizer = optimizer;
            this.loss = loss;
        }

        public Builder epochs(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("trainer: epochs must be >= 1, got " + n);
            }
            epochs = n;
            return this;
        }

        /** The learning rate of each epoch from the optimizer's initial rate. */
        public Builder schedule(Schedule s) {
            schedule = s;
            return this;
        }

        public Builder earlyStopping(EarlyStopping e) {
            earlyStopping = e;
            return this;
        }

        /** Clips the global gradient norm to {@code maxNorm} before each step (0: off). */
        public Builder clipGradNorm(double maxNorm) {
            clipNorm = maxNorm;
            return this;
        }

        public Builder callback(Callback c) {
            callbacks.add(c);
            return this;
        }

        public Builder progress(Progress p) {
            progress = p;
            return this;
        }

        /** Writes epoch records and, every {@code everySteps} steps, step records to {@code log}. */
        public Builder metrics(MetricsLog log, int everySteps) {
            metrics = log;
            metricsEvery = everySteps;
            return this;
        }

        public Trainer build() {
            return new Trainer(this);
        }
    }
}
