package dev.nabla.train;

/** Observes training; the job runner uses it for checkpoints and metrics. Methods run on the training thread. */
public interface Callback {
    /** After every optimizer step; {@code state} is where training would resume from. */
    default void onStep(TrainingState state, double loss) {
    }

    /** After each epoch (validation included). */
    default void onEpochEnd(TrainingState state, EpochResult result) {
    }
}
