package dev.nabla.cli;

import dev.nabla.cli.run.JobData;
import dev.nabla.data.Dataset;
import dev.nabla.data.FashionMnist;
import dev.nabla.data.IdxReader;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The data options of {@code nabla eval} and {@code nabla predict}: Fashion-MNIST's test set, IDX files or a CSV file. */
final class InputOptions {
    @Option(names = "--fashion-mnist", paramLabel = "DIR", description = "Use the Fashion-MNIST test set (t10k) in DIR.")
    Path fashionMnist;

    @Option(names = "--images", paramLabel = "FILE", description = "IDX image file (MNIST format, gzipped or not).")
    Path images;

    @Option(names = "--labels", paramLabel = "FILE", description = "IDX label file for --images.")
    Path labels;

    @Option(names = "--csv", paramLabel = "FILE", description = "CSV file of numeric feature columns.")
    Path csv;

    @Option(names = "--label", paramLabel = "COLUMN", description = "The CSV label column: a header name or an index"
            + " (negative from the end).")
    String label;

    /** True when some data option was given. */
    boolean given() {
        return fashionMnist != null || images != null || csv != null;
    }

    /**
     * The dataset; {@code csvLabelByDefault}: without --label a CSV's last column is the label (eval) or a
     * feature (predict).
     */
    Dataset load(boolean csvLabelByDefault) throws IOException {
        int sources = (fashionMnist != null ? 1 : 0) + (images != null ? 1 : 0) + (csv != null ? 1 : 0);
        if (sources != 1) {
            throw new IllegalArgumentException("give one of --fashion-mnist DIR, --images FILE [--labels FILE], --csv FILE");
        }
        if (labels != null && images == null) {
            throw new IllegalArgumentException("--labels needs --images");
        }
        if (fashionMnist != null) {
            return FashionMnist.test(fashionMnist);
        }
        if (images != null) {
            return labels != null ? IdxReader.dataset(images, labels) : IdxReader.images(images);
        }
        return JobData.csv(csv, label, label != null || csvLabelByDefault);
    }
}
