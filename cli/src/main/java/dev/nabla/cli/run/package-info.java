/**
 * Running a job: data and model preparation, training with checkpoints (checksummed, resumable
 * bit for bit), SIGTERM/SIGINT handling, the best model and its description, metrics, summary and
 * charts ({@link dev.nabla.cli.run.JobRunner}); trained models for eval and predict
 * ({@link dev.nabla.cli.run.SavedModel}).
 */
package dev.nabla.cli.run;
