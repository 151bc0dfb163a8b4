package dev.nabla.cli.run;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.cli.ExitCodes;
import dev.nabla.cli.job.Job;
import dev.nabla.cli.job.JobException;
import dev.nabla.data.DataLoader;
import dev.nabla.io.Safetensors;
import dev.nabla.nn.Module;
import dev.nabla.nn.SpecException;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.MemoryScope;
import dev.nabla.train.Callback;
import dev.nabla.train.Evaluation;
import dev.nabla.train.LossFunction;
import dev.nabla.train.MetricsLog;
import dev.nabla.train.Progress;
import dev.nabla.train.Trainer;
import dev.nabla.train.TrainingResult;
import dev.nabla.train.TrainingState;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a {@link Job}: builds the model and loads the data (any mistake is a {@link JobException},
 * before training starts), then trains with checkpoints, metrics, best-model saving and SIGTERM/SIGINT
 * handling, evaluates on the test data and writes the summary and charts. Output folder layout:
 * <pre>
 * metrics.jsonl                 step and epoch records
 * checkpoints/step-N.safetensors (+ .sha256)   the newest K checkpoints
 * best.safetensors, best.json   the best model's weights and description
 * final.safetensors             the weights at the end of training
 * summary.json, loss.png, accuracy.png
 * </pre>
 */
public final class JobRunner {
    private final Job job;
    private final boolean resume;
    private final PrintStream out;
    private final PrintStream err;
    private long stepDelayMillis;
    private String resumeCommand;

    /** What a run ended with. */
    public record Outcome(int exitCode, String stopped, Evaluation test, Path output) {
    }

    /**
     * @param resume continue from the newest valid checkpoint in the output folder (else start over there)
     * @param out    progress and results
     * @param err    notes, warnings and the preemption messages
     */
    public JobRunner(Job job, boolean resume, PrintStream out, PrintStream err) {
        this.job = job;
        this.resume = resume;
        this.out = out;
        this.err = err;
    }

    /** Sleeps this long after each step: lets tests and demos interrupt a tiny job mid-epoch. */
    public JobRunner stepDelay(long millis) {
        stepDelayMillis = millis;
        return this;
    }

    /** The command line that continues this job, printed when a signal stops it. */
    public JobRunner resumeCommand(String command) {
        resumeCommand = command;
        return this;
    }

    /** The backend a job asks for ({@code auto}: the default). */
    public static Backend backend(Job job) {
        return job.backend().equals("auto") ? Backends.defaultBackend() : Backends.get(job.backend());
    }

    /**
     * Builds, loads and checks everything, without training.
     *
     * @throws JobException when the model or the data do not fit the job
     */
    public Prepared prepare() throws IOException {
        Backend backend = backend(job);
        try (Backends.Scope scope = Backends.use(backend)) {
            Generator gen = new Generator(job.seed());
            Generator.manualSeed(job.seed() + 1);
            Module model = job.model().build("model.layers", gen);
            JobData data = JobData.load(job);
            ModelCheck.check(model, data.train(), job.loss(), data.classes());
            return new Prepared(backend, gen, model, data);
        } catch (SpecException e) {
            throw new JobException(job.file(), e.getMessage(), e);
        }
    }

    /** A job ready to train: backend, the model's generator, model and data. */
    public record Prepared(Backend backend, Generator generator, Module model, JobData data) {
    }

    /** Prepares and trains; see the class comment for what is written. */
    public Outcome run() throws IOException {
        Prepared p = prepare();
        try (Backends.Scope scope = Backends.use(p.backend())) {
            return train(p);
        }
    }

    private Outcome train(Prepared p) throws IOException {
        long started = System.nanoTime();
        OutputFolder folder = new OutputFolder(job.output());
        if (!resume) {
            int removed = folder.clear();
            if (removed > 0) {
                err.println("nabla: starting over in " + folder.dir() + " (removed " + removed + " files of an earlier run;"
                        + " --resume continues a run instead)");
            }
        }
        Files.createDirectories(folder.dir());
        JobData data = p.data();
        Module model = p.model();
        new ModelDescription(job.model(), data.train().featureShape(), data.train().classNames(), data.classes(),
                data.normalize(), job.loss()).write(folder.bestJson());
        Optimizer optimizer = job.optimizer().create(model.parameters());
        Checkpoints checkpoints = new Checkpoints(folder.checkpoints(), job.checkpoint().keep());
        Start start = resume ? resume(checkpoints, p, optimizer) : new Start(TrainingState.start(), 0, null);
        TrainingState state = start.state();
        DataLoader trainLoader = data.trainLoader(job, p.backend());
        DataLoader validation = data.validation() == null ? null
                : JobData.evalLoader(data.validation(), data.normalize(), 256, p.backend());
        out.printf(Locale.ROOT, "%s: %,d parameters, %s, %d epochs of %d steps (batch %d), %,d training / %s validation"
                        + " samples, backend %s, output %s%n", job.name(), model.parameterCount(), job.optimizer().describe(),
                job.epochs(), trainLoader.numBatches(), job.batchSize(), data.train().size(),
                data.validation() == null ? "no" : String.format("%,d", data.validation().size()), p.backend().name(),
                folder.dir());
        try (MetricsLog metrics = new MetricsLog(folder.metrics())) {
            JobCheckpointer checkpointer = new JobCheckpointer(checkpoints, model, optimizer, p.generator(),
                    job.checkpoint().everySteps(), trainLoader.numBatches(), folder.bestWeights(), job.name(), start.elapsed());
            if (start.file() != null) {
                checkpointer.resumedFrom(state, start.file());
                Map<String, Object> record = new java.util.LinkedHashMap<>();
                record.put("type", "resume");
                record.put("step", state.step());
                record.put("epoch", state.epoch() + 1);
                record.put("batch", state.batch());
                record.put("checkpoint", start.file().toString());
                metrics.write(record);
            }
            Trainer trainer = trainer(model, optimizer, metrics, p, checkpointer);
            boolean stoppedEarly = job.earlyStopping() != null && state.badEpochs() >= job.earlyStopping().patience();
            String signal = null;
            TrainingResult result = null;
            if (state.epoch() < job.epochs() && !stoppedEarly) {
                try (Preemption preemption = Preemption.install(trainer::requestStop, err)) {
                    result = trainer.fit(trainLoader, validation, state);
                    signal = preemption.received();
                }
                state = result.state();
                stoppedEarly = result.stoppedEarly();
            }
            Summary summary = new Summary(job, p.backend(), model, data, start.file());
            if (result != null && result.interrupted()) {
                String why = "SIG" + (signal == null ? "TERM" : signal);
                Path saved = checkpointer.save(state);
                summary.write(folder.summary(), why, state, null, seconds(started), checkpointer.elapsedSeconds());
                Curves.write(folder.metrics(), folder.dir(), job.name());
                err.printf(Locale.ROOT, "nabla: stopped by %s at epoch %d, batch %d (step %d); checkpoint %s%n"
                                + "nabla: continue with: %s%n", why, state.epoch() + 1, state.batch(), state.step(), saved,
                        resumeCommand != null ? resumeCommand : "nabla train " + job.file() + " --resume");
                return new Outcome(Preemption.exitCode(why.substring(3)), why, null, folder.dir());
            }
            checkpointer.save(state);
            Safetensors.write(folder.finalWeights(), model.stateDict(), Map.of("epoch", String.valueOf(state.epoch()),
                    "step", String.valueOf(state.step())));
            Evaluation test = test(trainer, model, data, folder, p.backend());
            String why = stoppedEarly ? "early_stopping" : "completed";
            summary.write(folder.summary(), why, state, test, seconds(started), checkpointer.elapsedSeconds());
            Curves.write(folder.metrics(), folder.dir(), job.name());
            out.printf(Locale.ROOT, "%s: %s after %d epochs in %.1f s; results in %s%n", job.name(),
                    stoppedEarly ? "stopped early" : "finished", state.epoch(), seconds(started), folder.dir());
            return new Outcome(ExitCodes.OK, why, test, folder.dir());
        }
    }

    /** Where training starts: the state, the training time before, and the checkpoint it comes from (null: fresh). */
    private record Start(TrainingState state, double elapsed, Path file) {
    }

    private Start resume(Checkpoints checkpoints, Prepared p, Optimizer optimizer) throws IOException {
        try (Checkpoints.Loaded c = checkpoints.loadNewestValid(p.backend(), m -> err.println("nabla: " + m))) {
            if (c == null) {
                err.println("nabla: no valid checkpoint in " + job.output().resolve("checkpoints")
                        + "; starting from the beginning");
                return new Start(TrainingState.start(), 0, null);
            }
            restore(c, p.model(), optimizer, p.generator());
            TrainingState state = c.meta().state();
            err.printf(Locale.ROOT, "nabla: resuming from %s (epoch %d, batch %d, step %d)%n", c.file(), state.epoch() + 1,
                    state.batch(), state.step());
            return new Start(state, c.meta().elapsedSeconds(), c.file());
        }
    }

    private Trainer trainer(Module model, Optimizer optimizer, MetricsLog metrics, Prepared p, JobCheckpointer checkpointer) {
        Trainer.Builder builder = Trainer.builder(model, optimizer, job.loss().equals("reconstruction")
                        ? LossFunction.reconstruction() : LossFunction.crossEntropy())
                .epochs(job.epochs()).schedule(job.schedule()).clipGradNorm(job.gradClip())
                .progress(new Progress(job.progress(), out, job.metricsEvery()))
                .metrics(metrics, 0)     // epoch records; MetricsRecorder writes the step records
                .callback(new MetricsRecorder(metrics, job.metricsEvery(), optimizer, p.backend()))
                .callback(checkpointer);
        if (job.earlyStopping() != null) {
            builder.earlyStopping(job.earlyStopping());
        }
        if (stepDelayMillis > 0) {
            builder.callback(delay(stepDelayMillis));
        }
        return builder.build();
    }

    /** The test metrics (of the best epoch's weights when early stopping restores them), or null without test data. */
    private Evaluation test(Trainer trainer, Module model, JobData data, OutputFolder folder, Backend backend) throws IOException {
        boolean best = job.earlyStopping() != null && job.earlyStopping().restoreBest() && Files.exists(folder.bestWeights());
        if (best) {
            loadWeights(model, folder.bestWeights(), backend);
        }
        if (data.test() == null) {
            return null;
        }
        Evaluation test = trainer.evaluate(JobData.evalLoader(data.test(), data.normalize(), 256, backend));
        out.println("test: " + test + (best ? " (best epoch's weights)" : ""));
        return test;
    }

    private void restore(Checkpoints.Loaded c, Module model, Optimizer optimizer, Generator gen) {
        if (c.meta().modelSeed() != job.seed()) {
            throw new JobException(job.file(), "seed: the checkpoint " + c.file() + " was written with seed "
                    + c.meta().modelSeed() + ", the job has " + job.seed() + "; start over without --resume");
        }
        try {
            model.loadStateDict(c.model(), true);
            optimizer.loadStateDict(c.optimizer());
        } catch (IllegalArgumentException e) {
            throw new JobException(job.file(), "model: the checkpoint " + c.file() + " does not fit this job's model or"
                    + " optimizer (was the job changed?): " + e.getMessage() + "; start over without --resume", e);
        }
        // The schedule derives each epoch's rate from the base rate; the checkpoint holds the scheduled one.
        optimizer.setLearningRate(job.optimizer().lr());
        gen.seek(c.meta().modelPosition());
        Generator.restoreGlobal(c.meta().globalSeed(), c.meta().globalPosition());
    }

    /** Loads safetensors weights into {@code model}, freeing the file's tensors after. */
    static void loadWeights(Module model, Path file, Backend backend) throws IOException {
        try (MemoryScope scope = MemoryScope.open()) {
            model.loadStateDict(Safetensors.read(file, backend), true);
        }
    }

    private static Callback delay(long millis) {
        return new Callback() {
            @Override
            public void onStep(TrainingState state, double loss) {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    private static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }
}
