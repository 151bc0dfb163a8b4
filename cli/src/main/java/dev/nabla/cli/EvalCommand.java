package dev.nabla.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.nabla.cli.job.JobException;
import dev.nabla.cli.run.JobData;
import dev.nabla.cli.run.SavedModel;
import dev.nabla.cli.run.Summary;
import dev.nabla.data.Dataset;
import dev.nabla.io.AtomicFiles;
import dev.nabla.train.Evaluation;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nabla eval}: test metrics and the confusion matrix of a trained model. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a trained model: loss, accuracy, confusion matrix and per-class accuracy.",
                "nabla eval JOB.yaml uses the job's best model and test data; nabla eval --model best.json"
                        + " [--weights W] --csv|--images|--fashion-mnist evaluates on other data."},
        footer = {"", ExitCodes.HELP})
final class EvalCommand implements Callable<Integer> {
    @Mixin
    private ModelOptions models;

    @Mixin
    private InputOptions inputs;

    @Option(names = "--batch-size", defaultValue = "256", description = "Samples per batch (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the metrics as JSON.")
    private Path json;

    @Override
    public Integer call() {
        try {
            Dataset data;
            if (inputs.given()) {
                data = inputs.load(true);
            } else if (models.jobFile != null) {
                data = JobData.load(models.job()).test();
                if (data == null) {
                    throw new IllegalArgumentException("the job's data has no test part (give data.split.test or a test"
                            + " file), or pass --csv/--images/--fashion-mnist");
                }
            } else {
                throw new IllegalArgumentException("give test data: --fashion-mnist DIR, --images FILE --labels FILE or --csv FILE");
            }
            SavedModel model = models.load();
            Evaluation e = model.evaluate(data, batchSize);
            System.out.println("test: " + e);
            if (e.confusion() != null) {
                System.out.println("confusion matrix (rows: true class, columns: predicted)");
                System.out.println(e.confusion());
                double[] perClass = e.confusion().perClassAccuracy();
                for (int c = 0; c < perClass.length; c++) {
                    System.out.printf(Locale.ROOT, "  %2d %-14s %6.2f%%%n", c, model.description().className(c), 100 * perClass[c]);
                }
            }
            if (json != null) {
                AtomicFiles.write(json, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsBytes(Summary.evaluation(e, data)));
            }
            return ExitCodes.OK;
        } catch (JobException | IllegalArgumentException e) {
            System.err.println("nabla eval: " + e.getMessage());
            return ExitCodes.INVALID;
        } catch (Exception e) {
            return Failures.report("nabla eval", e);
        }
    }
}
