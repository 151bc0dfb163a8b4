package dev.nabla.cli.run;

import dev.nabla.backend.Backend;
import dev.nabla.optim.Optimizer;
import dev.nabla.train.Callback;
import dev.nabla.train.EpochResult;
import dev.nabla.train.MetricsLog;
import dev.nabla.train.TrainingState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adds the {@code "type": "step"} records to metrics.jsonl every N steps: the step's loss, the
 * epoch's running loss and accuracy, learning rate, samples/s since the last record and backend
 * memory in use (the trainer writes the {@code "type": "epoch"} records).
 */
final class MetricsRecorder implements Callback {
    private final MetricsLog log;
    private final int every;
    private final Optimizer optimizer;
    private final Backend backend;
    private long lastNanos = System.nanoTime();
    private long samples;
    private int lastEpoch = -1;
    private long lastSeen;

    MetricsRecorder(MetricsLog log, int every, Optimizer optimizer, Backend backend) {
        this.log = log;
        this.every = every;
        this.optimizer = optimizer;
        this.backend = backend;
    }

    @Override
    public void onStep(TrainingState state, double loss) {
        samples += state.epoch() == lastEpoch ? state.seen() - lastSeen : state.seen();
        lastEpoch = state.epoch();
        lastSeen = state.seen();
        if (every <= 0 || state.step() % every != 0) {
            return;
        }
        long now = System.nanoTime();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("type", "step");
        r.put("step", state.step());
        r.put("epoch", state.epoch() + 1);
        r.put("batch", state.batch());
        r.put("loss", loss);
        r.put("running_loss", state.lossSum() / state.seen());
        r.put("accuracy", state.correct() < 0 ? null : (double) state.correct() / state.seen());
        r.put("lr", optimizer.learningRate());
        r.put("samples_per_second", samples / Math.max((now - lastNanos) / 1e9, 1e-9));
        r.put("memory_in_use", backend.memoryStats().inUse());
        log.write(r);
        lastNanos = now;
        samples = 0;
    }

    @Override
    public void onEpochEnd(TrainingState state, EpochResult e) {
        // The trainer wrote the epoch record; validation time is not training throughput, so restart the clock.
        lastNanos = System.nanoTime();
        samples = 0;
        lastEpoch = state.epoch();
        lastSeen = 0;
    }
}
