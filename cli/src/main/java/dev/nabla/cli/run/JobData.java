package dev.nabla.cli.run;

import dev.nabla.backend.Backend;
import dev.nabla.cli.job.DataSection;
import dev.nabla.cli.job.Job;
import dev.nabla.data.CsvReader;
import dev.nabla.data.DataFileException;
import dev.nabla.data.DataLoader;
import dev.nabla.data.Dataset;
import dev.nabla.data.FashionMnist;
import dev.nabla.data.GaussianNoise;
import dev.nabla.data.IdxReader;
import dev.nabla.data.Normalize;
import dev.nabla.data.RandomCrop;
import dev.nabla.data.RandomHorizontalFlip;
import dev.nabla.data.Splits;
import dev.nabla.data.Transform;
import dev.nabla.nn.SpecException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A job's data: the training file split into train / validation (/ test) parts with the job's seed,
 * the test file if any, the normalisation fitted on the training part, and the loaders.
 *
 * @param train      training samples
 * @param validation validation samples, or null
 * @param test       test samples, or null
 * @param normalize  the fitted normalisation, or null
 */
public record JobData(Dataset train, Dataset validation, Dataset test, Normalize normalize) {

    /**
     * Loads and splits the data of {@code job}.
     *
     * @throws SpecException naming the data field when a file's contents are not usable
     */
    public static JobData load(Job job) throws IOException {
        DataSection d = job.data();
        Dataset all;
        Dataset testFile;
        try {
            switch (d.source()) {
                case DataSection.FashionMnist f -> {
                    all = FashionMnist.train(f.dir());
                    testFile = FashionMnist.test(f.dir());
                }
                case DataSection.Idx i -> {
                    all = IdxReader.dataset(i.trainImages(), i.trainLabels());
                    testFile = i.testImages() == null ? null : IdxReader.dataset(i.testImages(), i.testLabels());
                }
                case DataSection.Csv c -> {
                    CsvReader reader = reader(c);
                    all = reader.read(c.train());
                    testFile = c.test() == null ? null : reader.read(c.test());
                    if (testFile != null && !testFile.classNames().equals(all.classNames())) {
                        throw new SpecException("data.csv.test", "its label classes " + testFile.classNames()
                                + " differ from the training file's " + all.classNames());
                    }
                }
            }
        } catch (DataFileException e) {
            throw new SpecException("data", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw e instanceof SpecException s ? s : new SpecException("data", e.getMessage());
        }
        if (d.limit() > 0 && d.limit() < all.size()) {
            all = Splits.split(all, new int[] {d.limit(), all.size() - d.limit()}, job.seed()).get(0);
        }
        int[] sizes = Splits.sizes(all.size(), new double[] {1 - d.validation() - d.test(), d.validation(), d.test()});
        if (sizes[0] == 0) {
            throw new SpecException("data.split", "leaves no training sample of " + all.size());
        }
        List<Dataset> parts = Splits.split(all, sizes, job.seed());
        Dataset train = parts.get(0);
        Normalize normalize = d.normalize() ? Normalize.fit(train) : null;
        return new JobData(train, sizes[1] > 0 ? parts.get(1) : null, testFile != null ? testFile : sizes[2] > 0 ? parts.get(2) : null,
                normalize);
    }

    private static CsvReader reader(DataSection.Csv c) {
        CsvReader reader = new CsvReader().delimiter(c.delimiter());
        return c.labelName() != null ? reader.label(c.labelName()) : reader.label(c.labelIndex());
    }

    /** Reads a CSV file as {@code nabla eval/predict} do: label by name, by index, or none. */
    public static Dataset csv(Path file, String label, boolean labelled) throws IOException {
        CsvReader reader = new CsvReader();
        if (!labelled) {
            return reader.noLabel().read(file);
        }
        if (label == null) {
            return reader.read(file);
        }
        return label.matches("-?\\d+") ? reader.label(Integer.parseInt(label)).read(file) : reader.label(label).read(file);
    }

    /** The training loader: shuffled with the job's seed, with augmentation. */
    public DataLoader trainLoader(Job job, Backend backend) {
        DataSection d = job.data();
        List<Transform> transforms = new ArrayList<>();
        // Shifts and flips before normalising, so shifted-in pixels are black (0) as in the raw image.
        if (d.crop() > 0) {
            transforms.add(new RandomCrop(d.crop()));
        }
        if (d.flip() > 0) {
            transforms.add(new RandomHorizontalFlip(d.flip()));
        }
        if (normalize != null) {
            transforms.add(normalize);
        }
        if (d.noise() > 0) {
            boolean unitRange = d.source().images() && normalize == null;
            transforms.add(unitRange ? new GaussianNoise(d.noise(), 0, 1) : new GaussianNoise(d.noise()));
        }
        return DataLoader.builder(train).batchSize(job.batchSize()).shuffle(d.shuffle()).seed(job.seed())
                .transforms(transforms).backend(backend).build();
    }

    /** A loader for evaluation: in order, normalised like training, no augmentation. */
    public static DataLoader evalLoader(Dataset data, Normalize normalize, int batchSize, Backend backend) {
        DataLoader.Builder b = DataLoader.builder(data).batchSize(batchSize).backend(backend);
        if (normalize != null) {
            b.transforms(normalize);
        }
        return b.build();
    }

    /** Number of classes: the labels' own count, at least the largest label + 1 in any part. */
    public int classes() {
        int n = 0;
        for (Dataset d : new Dataset[] {train, validation, test}) {
            if (d != null && d.hasLabels()) {
                n = Math.max(n, d.numClasses().orElse(0));
            }
        }
        return n;
    }
}
