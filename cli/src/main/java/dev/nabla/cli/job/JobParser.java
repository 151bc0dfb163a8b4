package dev.nabla.cli.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nabla.backend.Backends;
import dev.nabla.nn.ModelSpec;
import dev.nabla.nn.SpecException;
import dev.nabla.optim.Schedule;
import dev.nabla.train.EarlyStopping;
import dev.nabla.train.Progress;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a job file into a checked {@link Job}: every field is type- and range-checked, files must
 * exist and the backend must be available, so a mistake fails before any work starts with the
 * field's path and the reason.
 *
 * <pre>{@code
 * Job job = JobParser.load(Path.of("examples/lenet5.yaml"), List.of("epochs=1"));
 * }</pre>
 */
public final class JobParser {
    /** The top-level fields. */
    public static final Set<String> FIELDS = Set.of("name", "model", "data", "loss", "optimizer", "schedule", "grad_clip",
            "epochs", "batch_size", "backend", "seed", "checkpoint", "early_stopping", "output", "metrics_every",
            "progress", "search");

    private JobParser() {
    }

    /** Reads {@code file}, applies {@code overrides} ({@code field.path=value}) and checks the result. */
    public static Job load(Path file, List<String> overrides) {
        ObjectNode tree = JobFiles.read(file);
        try {
            JobFiles.apply(tree, overrides);
        } catch (IllegalArgumentException e) {
            throw new JobException(file, "--set " + e.getMessage(), e);
        }
        return parse(file, tree);
    }

    /**
     * Checks {@code tree}, read from {@code file}.
     *
     * @throws JobException naming the file and the field
     */
    public static Job parse(Path file, ObjectNode tree) {
        try {
            return parseTree(file, tree);
        } catch (SpecException e) {
            throw new JobException(file, e.getMessage(), e);
        }
    }

    private static Job parseTree(Path file, ObjectNode tree) {
        Path base = file.toAbsolutePath().getParent();
        Section s = Section.of(tree, "", base, FIELDS);
        String stem = file.getFileName().toString().replaceFirst("\\.(ya?ml|json)$", "");
        String name = s.string("name", stem);
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw s.error("name", "use letters, digits, '.', '_' and '-' (it names the output folder), got \"" + name + "\"");
        }
        s.require("model");
        ModelSpec model = ModelSection.parse(s);
        s.require("data");
        String loss = s.choice("loss", ModelSection.isAutoencoder(s) ? "reconstruction" : "cross_entropy",
                List.of("cross_entropy", "reconstruction"));
        DataSection data = DataParser.parse(s, loss);
        OptimizerSection optimizer = OptimizerSection.parse(s);
        int epochs = s.integer("epochs", 10, 1, 1_000_000);
        Schedule schedule = ScheduleParser.parse(s, "schedule", epochs);
        String backend = s.string("backend", "auto");
        try {
            if (backend.equals("auto")) {
                Backends.defaultBackend();
            } else {
                Backends.get(backend);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw s.error("backend", e.getMessage());
        }
        Section c = s.section("checkpoint", Set.of("every_steps", "keep"));
        Job.CheckpointPolicy checkpoint = c == null ? new Job.CheckpointPolicy(200, 3)
                : new Job.CheckpointPolicy(c.integer("every_steps", 200, 0, Integer.MAX_VALUE),
                c.integer("keep", 3, 1, 1000));
        // YAML 1.1 reads a bare off/no as false: "early_stopping: off" means none.
        Section e = isFalse(s, "early_stopping") ? null : s.section("early_stopping", Set.of("patience", "min_delta", "restore_best"));
        EarlyStopping early = null;
        if (e != null) {
            e.require("patience");
            early = new EarlyStopping(e.integer("patience", 1, 1, Integer.MAX_VALUE), e.nonNegative("min_delta", 0),
                    e.bool("restore_best", true));
        }
        Path output = Path.of(s.string("output", "runs/" + name));
        Progress.Mode progress = isFalse(s, "progress") ? Progress.Mode.OFF : Progress.Mode.valueOf(
                s.choice("progress", "auto", List.of("auto", "bar", "lines", "off")).toUpperCase(Locale.ROOT));
        long seed = s.integer("seed", 1);
        SearchSpec search = SearchSpec.parse(s, seed, loss.equals("cross_entropy"));
        return new Job(file, name, model, data, loss, optimizer, schedule, s.nonNegative("grad_clip", 0), epochs,
                s.integer("batch_size", 64, 1, 1 << 20), backend, seed, checkpoint, early, output,
                s.integer("metrics_every", 100, 0, Integer.MAX_VALUE), progress, search, tree);
    }

    private static boolean isFalse(Section s, String key) {
        return s.has(key) && s.raw(key).isBoolean() && !s.raw(key).booleanValue();
    }
}
