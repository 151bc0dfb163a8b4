package dev.nabla.cli.job;

import dev.nabla.data.FashionMnist;
import java.nio.file.Path;
import java.util.Set;

/** Reads the {@code data:} section of a job: exactly one source, splits, normalisation and augmentation. */
final class DataParser {
    /** The hint printed when the Fashion-MNIST folder is missing. */
    static final String INSTALL_HINT = "install Debian's dataset-fashion-mnist package (as root: scripts/setup.sh"
            + " dataset-fashion-mnist), or point data.fashion_mnist at a folder with the four IDX files";

    private DataParser() {
    }

    static DataSection parse(Section job, String loss) {
        Section d = job.section("data", Set.of("fashion_mnist", "idx", "csv", "split", "limit", "normalize", "augment",
                "shuffle"));
        int sources = (d.has("fashion_mnist") ? 1 : 0) + (d.has("idx") ? 1 : 0) + (d.has("csv") ? 1 : 0);
        if (sources != 1) {
            throw new dev.nabla.nn.SpecException(d.path(), "give exactly one data source: fashion_mnist, idx or csv");
        }
        DataSection.Source source;
        if (d.has("fashion_mnist")) {
            Path dir = d.resolve(d.string("fashion_mnist", null));
            if (!FashionMnist.isPresent(dir)) {
                throw d.error("fashion_mnist", "no Fashion-MNIST files (train/t10k images and labels) in " + dir
                        + "; " + INSTALL_HINT);
            }
            source = new DataSection.FashionMnist(dir);
        } else if (d.has("idx")) {
            Section i = d.section("idx", Set.of("train_images", "train_labels", "test_images", "test_labels"));
            Path testImages = i.file("test_images", true);
            Path testLabels = i.file("test_labels", true);
            if ((testImages == null) != (testLabels == null)) {
                throw i.error(testImages == null ? "test_images" : "test_labels", "is required with "
                        + (testImages == null ? "test_labels" : "test_images"));
            }
            source = new DataSection.Idx(i.file("train_images", false), i.file("train_labels", false), testImages, testLabels);
        } else {
            Section c = d.section("csv", Set.of("train", "test", "label", "delimiter"));
            String delimiter = c.string("delimiter", ",");
            if (delimiter.equals("\\t")) {
                delimiter = "\t";
            }
            if (delimiter.length() != 1 || delimiter.equals("\"")) {
                throw c.error("delimiter", "expected one character such as \",\", \";\" or \"\\t\", got \"" + delimiter + "\"");
            }
            String labelName = null;
            int labelIndex = -1;
            if (c.has("label")) {
                if (c.raw("label").isTextual()) {
                    labelName = c.string("label", null);
                } else {
                    labelIndex = (int) c.integer("label", -1);
                }
            }
            source = new DataSection.Csv(c.file("train", false), c.file("test", true), labelName, labelIndex,
                    delimiter.charAt(0));
        }
        Section split = d.section("split", Set.of("validation", "test"));
        double validation = split == null ? 0.1 : split.range("validation", 0.1, 0, 1, true);
        double test = source.hasTestFile() ? 0 : 0.1;
        if (split != null && split.has("test")) {
            if (source.hasTestFile()) {
                throw split.error("test", "the data has a test file; split.test is for data without one");
            }
            test = split.range("test", 0.1, 0, 1, true);
        }
        if (validation + test >= 1) {
            throw d.error("split", "validation + test must leave samples to train on, got " + validation + " + " + test);
        }
        Section a = d.section("augment", Set.of("flip", "crop", "noise"));
        double flip = a == null ? 0 : a.range("flip", 0, 0, 1, false);
        int crop = a == null ? 0 : a.integer("crop", 0, 0, 64);
        double noise = a == null ? 0 : a.nonNegative("noise", 0);
        for (String key : new String[] {"flip", "crop"}) {
            if (a != null && a.has(key) && (key.equals("flip") ? flip : crop) > 0) {
                if (!source.images()) {
                    throw a.error(key, "needs image data (fashion_mnist or idx)");
                }
                if (loss.equals("reconstruction")) {
                    throw a.error(key, "does not go with loss reconstruction (the target is the input before augmentation)");
                }
            }
        }
        return new DataSection(source, validation, test, d.integer("limit", 0, 0, Integer.MAX_VALUE),
                d.bool("normalize", false), flip, crop, noise, d.bool("shuffle", true));
    }
}
