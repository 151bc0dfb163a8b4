package dev.nabla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nabla.cli.job.Job;
import dev.nabla.cli.job.JobException;
import dev.nabla.cli.job.JobFiles;
import dev.nabla.cli.job.JobParser;
import dev.nabla.cli.job.SearchSpec;
import dev.nabla.cli.run.JobRunner;
import dev.nabla.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nabla tune JOB.yaml}: grid or random search over job fields listed in the job's {@code search:} section. */
@Command(name = "tune", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Hyper-parameter search: train one trial per configuration of the job's search: section"
                + " (grid: every combination; random: seeded draws), each in OUTPUT/trial-NNN, and rank them by the"
                + " best validation metric of their epochs. Writes OUTPUT/tune.json.",
                "Every trial's job is checked before the first one starts. --resume continues an interrupted search."},
        footer = {"", ExitCodes.HELP})
final class TuneCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Parameters(index = "0", paramLabel = "JOB", description = "The job file, with a search: section.")
    private Path jobFile;

    @Option(names = "--resume", description = "Continue each trial from its newest valid checkpoint.")
    private boolean resume;

    @Option(names = "--set", paramLabel = "FIELD=VALUE", description = "Override a job field for every trial. Repeatable.")
    private List<String> overrides = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Output folder (default: the job's).")
    private Path output;

    @Override
    public Integer call() {
        try {
            Job base = JobParser.load(jobFile, TrainCommand.withOutput(overrides, output));
            SearchSpec search = base.search();
            if (search == null) {
                throw new JobException(jobFile, "search: is required for nabla tune (the fields to vary and their values)");
            }
            if (base.data().validation() == 0) {
                throw new JobException(jobFile, "data.split.validation: tune ranks trials by validation data; it must be > 0");
            }
            List<Map<String, JsonNode>> configs = search.configs();
            List<Job> trials = trials(base, configs);
            System.out.printf("%s: %s search, %d trials, ranked by %s%n", base.name(), search.method(), trials.size(),
                    search.metric());
            List<Map<String, Object>> report = new ArrayList<>();
            int best = -1;
            for (int i = 0; i < trials.size(); i++) {
                System.out.printf("--- trial %d/%d: %s%n", i + 1, trials.size(), configs.get(i));
                JobRunner.Outcome outcome = new JobRunner(trials.get(i), resume, System.out, System.err)
                        .resumeCommand("nabla tune " + jobFile + " --resume").run();
                double score = score(trials.get(i).output().resolve("metrics.jsonl"), search.metric());
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("trial", i);
                r.put("params", configs.get(i));
                r.put(search.metric(), Double.isNaN(score) ? null : score);
                r.put("output", trials.get(i).output().toString());
                report.add(r);
                System.out.printf(Locale.ROOT, "trial %d: %s = %.4f%n", i, search.metric(), score);
                if (!Double.isNaN(score) && (best < 0 || better(score, (Double) report.get(best).get(search.metric()), search))) {
                    best = i;
                }
                write(base, search, report, best);
                if (outcome.exitCode() != ExitCodes.OK) {
                    return outcome.exitCode();    // stopped by a signal: the runner said how to continue
                }
            }
            if (best >= 0) {
                System.out.printf(Locale.ROOT, "best: trial %d %s: %s = %.4f (%s)%n", best, configs.get(best), search.metric(),
                        report.get(best).get(search.metric()), trials.get(best).output());
            }
            return ExitCodes.OK;
        } catch (JobException e) {
            System.err.println("nabla tune: " + e.getMessage());
            return ExitCodes.INVALID;
        } catch (Exception e) {
            return Failures.report("nabla tune", e);
        }
    }

    /** The job of each trial (the base job with the trial's values, its own output folder), each checked and prepared. */
    private List<Job> trials(Job base, List<Map<String, JsonNode>> configs) throws IOException {
        List<Job> trials = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            ObjectNode tree = base.tree().deepCopy();
            tree.remove("search");
            try {
                configs.get(i).forEach((k, v) -> JobFiles.set(tree, k, v));
            } catch (IllegalArgumentException e) {
                throw new JobException(jobFile, "search.params." + e.getMessage(), e);
            }
            tree.put("output", base.output().resolve(String.format("trial-%03d", i)).toString());
            tree.put("name", base.name() + "-trial-" + i);
            try {
                Job trial = JobParser.parse(jobFile, tree);
                new JobRunner(trial, false, System.out, System.err).prepare();   // model against data, before any trial runs
                trials.add(trial);
            } catch (JobException e) {
                String reason = e.getMessage().substring(jobFile.toString().length() + 2);
                throw new JobException(jobFile, "trial " + i + " " + configs.get(i) + ": " + reason, e);
            }
        }
        return trials;
    }

    private static boolean better(double score, double best, SearchSpec search) {
        return search.minimize() ? score < best : score > best;
    }

    private static void write(Job base, SearchSpec search, List<Map<String, Object>> trials, int best) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job", base.name());
        out.put("method", search.method());
        out.put("metric", search.metric());
        out.put("best_trial", best < 0 ? null : best);
        out.put("trials", trials);
        AtomicFiles.write(base.output().resolve("tune.json"), JSON.writeValueAsBytes(out));
    }

    /** The best value of {@code metric} over a trial's epoch records (NaN when there is none). */
    static double score(Path metrics, String metric) throws IOException {
        double best = Double.NaN;
        if (!Files.isRegularFile(metrics)) {
            return best;
        }
        for (String line : Files.readAllLines(metrics)) {
            JsonNode r;
            try {
                r = JSON.readTree(line);
            } catch (IOException e) {
                continue;
            }
            if (r != null && "epoch".equals(r.path("type").asText()) && r.path(metric).isNumber()) {
                double v = r.get(metric).doubleValue();
                boolean lower = metric.endsWith("loss");
                if (Double.isNaN(best) || (lower ? v < best : v > best)) {
                    best = v;
                }
            }
        }
        return best;
    }
}
