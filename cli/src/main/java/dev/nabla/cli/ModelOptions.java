package dev.nabla.cli;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.cli.job.Job;
import dev.nabla.cli.job.JobParser;
import dev.nabla.cli.run.JobRunner;
import dev.nabla.cli.run.SavedModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Which trained model {@code nabla eval} and {@code nabla predict} use: a job file (its output
 * folder's best.json and best.safetensors) or an explicit description and weights.
 */
final class ModelOptions {
    @Parameters(index = "0", arity = "0..1", paramLabel = "JOB", description = "A job file: use its output folder's"
            + " best model (and, for eval, its test data).")
    Path jobFile;

    @Option(names = "--model", paramLabel = "JSON", description = "Model description (best.json) instead of a job.")
    Path description;

    @Option(names = "--weights", paramLabel = "FILE", description = "Weights (.safetensors); default: best.safetensors"
            + " beside the description.")
    Path weights;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "auto", description = "Backend (default: the job's,"
            + " else the default one).")
    String backend;

    private Job job;

    /** The job, when one was given. */
    Job job() {
        if (job == null && jobFile != null) {
            job = JobParser.load(jobFile, List.of());
        }
        return job;
    }

    /** Loads the model. */
    SavedModel load() throws IOException {
        if (jobFile == null && description == null) {
            throw new IllegalArgumentException("give a JOB file or --model best.json");
        }
        Path json = description != null ? description : job().output().resolve("best.json");
        Path w = weights != null ? weights : json.resolveSibling("best.safetensors");
        Backend b = !backend.equals("auto") ? Backends.get(backend) : job() != null ? JobRunner.backend(job())
                : Backends.defaultBackend();
        return SavedModel.load(json, w, b);
    }
}
