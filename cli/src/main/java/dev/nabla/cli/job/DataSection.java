package dev.nabla.cli.job;

import java.nio.file.Path;

/**
 * The {@code data:} section of a job.
 *
 * @param source     where the samples come from
 * @param validation fraction of the training file held out for validation
 * @param test       fraction held out for testing (only without a test file)
 * @param limit      use at most this many training-file samples (0: all), for quick runs
 * @param normalize  standardise each channel with the training split's mean and std
 * @param flip       probability of a horizontal flip (0: off)
 * @param crop       random shift by up to this many pixels (0: off)
 * @param noise      standard deviation of Gaussian noise added to inputs (0: off)
 * @param shuffle    visit the training samples in a new seeded order each epoch
 */
public record DataSection(Source source, double validation, double test, int limit, boolean normalize, double flip,
                          int crop, double noise, boolean shuffle) {

    /** Where the samples come from. */
    public sealed interface Source permits FashionMnist, Idx, Csv {
        /** True when a separate test file is given. */
        boolean hasTestFile();

        /** True for image data ({@code [C, H, W]} samples in [0, 1]). */
        boolean images();
    }

    /** The four Fashion-MNIST IDX files in a folder. */
    public record FashionMnist(Path dir) implements Source {
        @Override
        public boolean hasTestFile() {
            return true;
        }

        @Override
        public boolean images() {
            return true;
        }
    }

    /** IDX image and label files (MNIST format); the test pair is optional. */
    public record Idx(Path trainImages, Path trainLabels, Path testImages, Path testLabels) implements Source {
        @Override
        public boolean hasTestFile() {
            return testImages != null;
        }

        @Override
        public boolean images() {
            return true;
        }
    }

    /**
     * A CSV file of numeric features and a class-label column; the test file is optional.
     *
     * @param labelName  the label column's header name, or null
     * @param labelIndex the label column's index when no name is given (negative from the end)
     */
    public record Csv(Path train, Path test, String labelName, int labelIndex, char delimiter) implements Source {
        @Override
        public boolean hasTestFile() {
            return test != null;
        }

        @Override
        public boolean images() {
            return false;
        }
    }
}
