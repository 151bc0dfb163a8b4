package dev.nabla.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nabla.cli.chart.LineChart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The PNG training curves of a job, drawn from the epoch records of its metrics.jsonl (so a resumed
 * job's charts cover every epoch; a repeated epoch keeps its last record): loss.png, and
 * accuracy.png when the objective has an accuracy.
 */
final class Curves {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Curves() {
    }

    /** Writes the charts into {@code dir}; returns the files written. */
    static List<Path> write(Path metrics, Path dir, String job) throws IOException {
        TreeMap<Integer, JsonNode> epochs = new TreeMap<>();
        if (Files.isRegularFile(metrics)) {
            for (String line : Files.readAllLines(metrics)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode r;
                try {
                    r = JSON.readTree(line);
                } catch (IOException e) {
                    continue;   // a line torn by a kill: the rest of the file is still good
                }
                if ("epoch".equals(r.path("type").asText())) {
                    epochs.put(r.path("epoch").asInt(), r);
                }
            }
        }
        double[] x = epochs.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
        List<Path> written = new ArrayList<>();
        Path loss = dir.resolve("loss.png");
        LineChart.write(loss, job + ": loss per epoch", "epoch", "loss (mean per sample)",
                List.of(new LineChart.Series("train", x, column(epochs, "loss", 1)),
                        new LineChart.Series("validation", x, column(epochs, "val_loss", 1))), false);
        written.add(loss);
        double[] trainAccuracy = column(epochs, "accuracy", 100);
        if (java.util.Arrays.stream(trainAccuracy).anyMatch(Double::isFinite)) {
            Path accuracy = dir.resolve("accuracy.png");
            LineChart.write(accuracy, job + ": accuracy per epoch", "epoch", "accuracy (%)",
                    List.of(new LineChart.Series("train", x, trainAccuracy),
                            new LineChart.Series("validation", x, column(epochs, "val_accuracy", 100))), true);
            written.add(accuracy);
        }
        return written;
    }

    private static double[] column(TreeMap<Integer, JsonNode> epochs, String field, double scale) {
        return epochs.values().stream().mapToDouble(r -> r.path(field).isNumber() ? r.get(field).doubleValue() * scale
                : Double.NaN).toArray();
    }
}
