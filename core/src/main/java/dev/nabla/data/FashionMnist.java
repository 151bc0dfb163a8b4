package dev.nabla.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Xiao et al., 2017): 60,000 training and 10,000 test grey images of 28x28 in ten
 * classes, read from the four IDX files of a directory (gzipped or not), with class names.
 * Debian's {@code dataset-fashion-mnist} package installs them in {@link #DEFAULT_DIR}.
 *
 * <pre>{@code
 * Dataset train = FashionMnist.train(FashionMnist.DEFAULT_DIR);   // [1, 28, 28] in [0, 1]
 * Dataset test = FashionMnist.test(FashionMnist.DEFAULT_DIR);
 * String name = train.classNames().get(train.label(0));           // "Ankle boot"
 * }</pre>
 */
public final class FashionMnist {
    /** Where Debian's {@code dataset-fashion-mnist} package puts the files. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** The class names, by label. */
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {
    }

    /** The 60,000 training images of {@code dir}. */
    public static Dataset train(Path dir) throws IOException {
        return load(dir, "train");
    }

    /** The 10,000 test images of {@code dir}. */
    public static Dataset test(Path dir) throws IOException {
        return load(dir, "t10k");
    }

    /** True when {@code dir} holds all four files (gzipped or not). */
    public static boolean isPresent(Path dir) {
        for (String split : List.of("train", "t10k")) {
            for (String kind : List.of("images-idx3", "labels-idx1")) {
                if (find(dir, split + "-" + kind + "-ubyte") == null) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Dataset load(Path dir, String split) throws IOException {
        Path images = require(dir, split + "-images-idx3-ubyte");
        Path labels = require(dir, split + "-labels-idx1-ubyte");
        ByteImageDataset data = (ByteImageDataset) IdxReader.dataset(images, labels);
        if (data.numClasses().orElse(0) > CLASSES.size()) {
            throw new DataFileException(labels, "labels go up to " + (data.numClasses().getAsInt() - 1)
                    + "; Fashion-MNIST has " + CLASSES.size() + " classes");
        }
        Labels named = new Labels(data.labels().values(), CLASSES.size(), CLASSES);
        return data.withLabels(named, "Fashion-MNIST " + split);
    }

    private static Path require(Path dir, String base) throws IOException {
        Path found = find(dir, base);
        if (found == null) {
            throw new NoSuchFileException(dir.resolve(base + ".gz").toString(), null,
                    "Fashion-MNIST file missing (" + base + " neither); on Debian: apt-get install"
                            + " dataset-fashion-mnist");
        }
        return found;
    }

    private static Path find(Path dir, String base) {
        for (String name : List.of(base + ".gz", base)) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        return null;
    }
}
