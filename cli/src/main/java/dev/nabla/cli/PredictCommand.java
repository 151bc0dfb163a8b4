package dev.nabla.cli;

import dev.nabla.autodiff.GradMode;
import dev.nabla.backend.Backends;
import dev.nabla.cli.job.JobException;
import dev.nabla.cli.run.JobData;
import dev.nabla.cli.run.SavedModel;
import dev.nabla.data.Batch;
import dev.nabla.data.Dataset;
import dev.nabla.data.Epoch;
import dev.nabla.io.AtomicFiles;
import dev.nabla.nn.Functional;
import dev.nabla.tensor.MemoryScope;
import dev.nabla.tensor.Tensor;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nabla predict}: a trained model's predictions for IDX or CSV input, as a CSV file. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a trained model's predictions for new data to a CSV file: index, predicted class, its name,"
                + " confidence, the true label when the input has one, then the probability of each class (p0, p1, ...).",
                "A model that does not classify (an autoencoder) gets its outputs as columns y0, y1, ...",
                "Example: nabla predict --model runs/iris/best.json --csv new.csv -o predictions.csv"},
        footer = {"", ExitCodes.HELP})
final class PredictCommand implements Callable<Integer> {
    @Mixin
    private ModelOptions models;

    @Mixin
    private InputOptions inputs;

    @Option(names = {"-o", "--output"}, paramLabel = "CSV", defaultValue = "predictions.csv",
            description = "Where to write (default: ${DEFAULT-VALUE}).")
    private Path output;

    @Option(names = "--batch-size", defaultValue = "256", description = "Samples per batch (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Override
    public Integer call() {
        try {
            Dataset data = inputs.load(false);
            SavedModel model = models.load();
            model.requireShape(data);
            int[] written = new int[1];
            AtomicFiles.write(output, stream -> {
                BufferedWriter w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
                written[0] = write(model, data, w);
                w.flush();
            });
            System.out.printf("%,d predictions written to %s%n", written[0], output);
            return ExitCodes.OK;
        } catch (JobException | IllegalArgumentException e) {
            System.err.println("nabla predict: " + e.getMessage());
            return ExitCodes.INVALID;
        } catch (Exception e) {
            return Failures.report("nabla predict", e);
        }
    }

    private int write(SavedModel model, Dataset data, BufferedWriter w) throws IOException {
        boolean header = false;
        int index = 0;
        try (Backends.Scope b = Backends.use(model.backend()); GradMode.Scope off = GradMode.noGrad();
             Epoch epoch = JobData.evalLoader(data, model.description().normalize(), batchSize, model.backend()).epoch(0)) {
            for (Batch batch : epoch) {
                try (MemoryScope scope = MemoryScope.open(); batch) {
                    Tensor out = model.model().call(batch.x());
                    boolean classifier = out.rank() == 2 && model.description().loss().equals("cross_entropy");
                    Tensor values = classifier ? Functional.softmax(out, 1) : out.reshape(batch.size(), -1);
                    int width = values.size(1);
                    float[] v = values.toFloatArray();
                    long[] labels = batch.labels() == null ? null : batch.labels().toLongArray();
                    if (!header) {
                        w.write(classifier ? "index,predicted,class,confidence" + (labels != null ? ",label" : "") : "index");
                        for (int k = 0; k < width; k++) {
                            w.write((classifier ? ",p" : ",y") + k);
                        }
                        w.newLine();
                        header = true;
                    }
                    for (int i = 0; i < batch.size(); i++, index++) {
                        StringBuilder row = new StringBuilder().append(index);
                        if (classifier) {
                            int best = 0;
                            for (int k = 1; k < width; k++) {
                                best = v[i * width + k] > v[i * width + best] ? k : best;
                            }
                            row.append(',').append(best).append(',').append(csv(model.description().className(best)))
                                    .append(',').append(String.format(Locale.ROOT, "%.6f", v[i * width + best]));
                            if (labels != null) {
                                row.append(',').append(labels[i]);
                            }
                        }
                        for (int k = 0; k < width; k++) {
                            row.append(',').append(String.format(Locale.ROOT, "%.6g", v[i * width + k]));
                        }
                        w.write(row.toString());
                        w.newLine();
                    }
                }
            }
        }
        return index;
    }

    private static String csv(String text) {
        return text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
