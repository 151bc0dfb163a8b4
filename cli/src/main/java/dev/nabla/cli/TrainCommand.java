package dev.nabla.cli;

import dev.nabla.cli.job.Job;
import dev.nabla.cli.job.JobException;
import dev.nabla.cli.job.JobParser;
import dev.nabla.cli.run.JobRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nabla train JOB.yaml}: runs a training job described by a YAML or JSON file. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train the model a job file (YAML or JSON) describes. The output folder gets metrics.jsonl,"
                + " checkpoints/, best.safetensors + best.json, final.safetensors, summary.json, loss.png and accuracy.png.",
                "Every field is checked before work starts: an unknown or invalid one is reported with its path and"
                        + " exit code 2.",
                "SIGTERM or SIGINT (Ctrl-C) finishes the current step, writes a checkpoint and exits with 143 or 130;"
                        + " --resume continues from the newest checkpoint whose SHA-256 checks out."},
        footer = {"", ExitCodes.HELP, "", "Example: nabla train examples/lenet5.yaml --set epochs=1 --set optimizer.lr=0.01"})
final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "JOB", description = "The job file (.yaml, .yml or .json).")
    private Path jobFile;

    @Option(names = "--resume", description = "Continue from the newest valid checkpoint in the output folder"
            + " (start from the beginning if there is none). Without it, an earlier run's files there are replaced.")
    private boolean resume;

    @Option(names = "--set", paramLabel = "FIELD=VALUE", description = "Override a job field, e.g. --set optimizer.lr=0.01"
            + " --set model.layers[2].out=64 (the value is read as YAML). Repeatable.")
    private List<String> overrides = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Output folder (default: the job's output field,"
            + " else runs/NAME).")
    private Path output;

    @Option(names = "--check", description = "Check the job (fields, files, backend, model against the data) and exit"
            + " without training.")
    private boolean check;

    /** Slows each step: lets the preemption tests interrupt a tiny job mid-epoch. */
    @Option(names = "--step-delay-ms", hidden = true, defaultValue = "0")
    private long stepDelayMillis;

    @Override
    public Integer call() {
        try {
            Job job = JobParser.load(jobFile, withOutput(overrides, output));
            JobRunner runner = new JobRunner(job, resume, System.out, System.err).stepDelay(stepDelayMillis)
                    .resumeCommand(resumeCommand());
            if (check) {
                JobRunner.Prepared p = runner.prepare();
                System.out.printf("%s: OK (%,d parameters, %,d training samples, backend %s)%n", jobFile,
                        p.model().parameterCount(), p.data().train().size(), p.backend().name());
                return ExitCodes.OK;
            }
            return runner.run().exitCode();
        } catch (JobException e) {
            System.err.println("nabla train: " + e.getMessage());
            return ExitCodes.INVALID;
        } catch (Exception e) {
            return Failures.report("nabla train", e);
        }
    }

    /** This command line with --resume, for the message printed when a signal stops the job. */
    private String resumeCommand() {
        StringBuilder sb = new StringBuilder("nabla train ").append(quote(jobFile.toString()));
        overrides.forEach(o -> sb.append(" --set ").append(quote(o)));
        if (output != null) {
            sb.append(" -o ").append(quote(output.toString()));
        }
        return sb.append(" --resume").toString();
    }

    private static String quote(String arg) {
        return arg.matches("[A-Za-z0-9_./=:,+@%-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }

    /** The overrides plus {@code output=DIR} when the option is given (quoted, so any path reads as text). */
    static List<String> withOutput(List<String> overrides, Path output) {
        List<String> all = new ArrayList<>(overrides);
        if (output != null) {
            all.add("output=\"" + output.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
        return all;
    }
}
