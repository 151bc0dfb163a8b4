package dev.nabla.cli.run;

import dev.nabla.train.TrainingState;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a checkpoint holds besides tensors, stored as safetensors {@code __metadata__} strings:
 * the training state (epoch, next batch of the data loader, step, running sums, early-stopping
 * counters), the seed and stream position of the model's generator (dropout) and of the global
 * generator, and the training time so far. Doubles are written with {@link Double#toString}, which
 * reads back exactly.
 *
 * @param state          where training resumes
 * @param modelSeed      seed of the generator the model was built with (its dropout layers draw from it)
 * @param modelPosition  that generator's position
 * @param globalSeed     seed of {@link dev.nabla.tensor.Generator#global()}
 * @param globalPosition its position
 * @param elapsedSeconds wall time spent training up to this checkpoint, over all runs
 * @param job            the job's name
 */
public record CheckpointMeta(TrainingState state, long modelSeed, long modelPosition, long globalSeed, long globalPosition,
                             double elapsedSeconds, String job) {
    static final String FORMAT = "nabla-checkpoint/1";

    Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("job", job);
        m.put("state.epoch", String.valueOf(state.epoch()));
        m.put("state.batch", String.valueOf(state.batch()));
        m.put("state.step", String.valueOf(state.step()));
        m.put("state.loss_sum", Double.toString(state.lossSum()));
        m.put("state.correct", String.valueOf(state.correct()));
        m.put("state.seen", String.valueOf(state.seen()));
        m.put("state.best", Double.toString(state.best()));
        m.put("state.bad_epochs", String.valueOf(state.badEpochs()));
        m.put("rng.model.seed", String.valueOf(modelSeed));
        m.put("rng.model.position", String.valueOf(modelPosition));
        m.put("rng.global.seed", String.valueOf(globalSeed));
        m.put("rng.global.position", String.valueOf(globalPosition));
        m.put("elapsed_seconds", Double.toString(elapsedSeconds));
        return m;
    }

    static CheckpointMeta fromMetadata(Map<String, String> m) throws IOException {
        if (!FORMAT.equals(m.get("format"))) {
            throw new IOException("not a Nabla checkpoint (metadata format is " + m.get("format") + ", expected " + FORMAT + ")");
        }
        try {
            TrainingState state = new TrainingState(Integer.parseInt(m.get("state.epoch")), Integer.parseInt(m.get("state.batch")),
                    Long.parseLong(m.get("state.step")), Double.parseDouble(m.get("state.loss_sum")),
                    Long.parseLong(m.get("state.correct")), Long.parseLong(m.get("state.seen")),
                    Double.parseDouble(m.get("state.best")), Integer.parseInt(m.get("state.bad_epochs")));
            return new CheckpointMeta(state, Long.parseLong(m.get("rng.model.seed")), Long.parseLong(m.get("rng.model.position")),
                    Long.parseLong(m.get("rng.global.seed")), Long.parseLong(m.get("rng.global.position")),
                    Double.parseDouble(m.get("elapsed_seconds")), m.get("job"));
        } catch (NumberFormatException | NullPointerException e) {
            throw new IOException("checkpoint metadata is incomplete or malformed: " + e.getMessage(), e);
        }
    }
}
