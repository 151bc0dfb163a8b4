package dev.nabla.cli.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.nabla.backend.Backend;
import dev.nabla.cli.Versions;
import dev.nabla.cli.job.Job;
import dev.nabla.data.Dataset;
import dev.nabla.io.AtomicFiles;
import dev.nabla.io.Safetensors;
import dev.nabla.nn.Module;
import dev.nabla.train.Evaluation;
import dev.nabla.train.TrainingState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * summary.json: why and where the job stopped, the test metrics (with the confusion matrix), the
 * best epoch, times, the backend, the versions, the data sizes and the job as read.
 */
public final class Summary {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Job job;
    private final Backend backend;
    private final Module model;
    private final JobData data;
    private final Path resumedFrom;

    Summary(Job job, Backend backend, Module model, JobData data, Path resumedFrom) {
        this.job = job;
        this.backend = backend;
        this.model = model;
        this.data = data;
        this.resumedFrom = resumedFrom;
    }

    void write(Path file, String stopped, TrainingState state, Evaluation test, double wallSeconds, double trainingSeconds)
            throws IOException {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("job", job.name());
        s.put("job_file", job.file().toString());
        s.put("finished_at", Instant.now().toString());
        s.put("stopped", stopped);
        s.put("epochs_run", state.epoch());
        s.put("epochs", job.epochs());
        s.put("steps", state.step());
        s.put("resume_at", stopped.startsWith("SIG") ? Map.of("epoch", state.epoch() + 1, "batch", state.batch()) : null);
        s.put("best", best(file.resolveSibling("best.safetensors")));
        s.put("test", test == null ? null : evaluation(test, data.test()));
        s.put("wall_seconds", wallSeconds);
        s.put("training_seconds_total", trainingSeconds);
        s.put("resumed_from", resumedFrom == null ? null : resumedFrom.toString());
        s.put("backend", Map.of("name", backend.name(), "description", backend.description()));
        s.put("versions", Map.of("nabla", Versions.nabla(), "java", Runtime.version().toString(),
                "java_vendor", String.valueOf(System.getProperty("java.vendor"))));
        s.put("parameters", model.parameterCount());
        Map<String, Object> sizes = new LinkedHashMap<>();
        sizes.put("train", data.train().size());
        sizes.put("validation", data.validation() == null ? 0 : data.validation().size());
        sizes.put("test", data.test() == null ? 0 : data.test().size());
        s.put("samples", sizes);
        s.put("config", job.tree());
        AtomicFiles.write(file, JSON.writeValueAsBytes(s));
    }

    private static Map<String, Object> best(Path bestWeights) throws IOException {
        if (!Files.exists(bestWeights)) {
            return null;
        }
        Map<String, String> meta = Safetensors.metadata(bestWeights);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", Integer.parseInt(meta.getOrDefault("epoch", "0")));
        m.put(meta.getOrDefault("monitored_name", "monitored"), Double.parseDouble(meta.getOrDefault("monitored", "NaN")));
        return m;
    }

    /** An evaluation as JSON fields: loss, accuracy, samples, classes, confusion matrix, per-class accuracy. */
    public static Map<String, Object> evaluation(Evaluation e, Dataset data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loss", e.loss());
        m.put("accuracy", Double.isNaN(e.accuracy()) ? null : e.accuracy());
        m.put("samples", e.samples());
        if (e.confusion() != null) {
            m.put("classes", data != null ? data.classNames() : java.util.List.of());
            m.put("confusion_matrix", e.confusion().counts());
            m.put("per_class_accuracy", e.confusion().perClassAccuracy());
        }
        return m;
    }
}
