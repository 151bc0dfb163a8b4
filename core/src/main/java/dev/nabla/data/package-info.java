/**
 * Data: {@link dev.nabla.data.Dataset}s of float32 samples with optional class labels, readers for
 * IDX (MNIST, Fashion-MNIST) and CSV files, seeded train/validation/test {@link dev.nabla.data.Splits},
 * per-sample {@link dev.nabla.data.Transform}s (normalisation and augmentation) and the
 * {@link dev.nabla.data.DataLoader}, which batches, shuffles and prefetches on a background thread.
 *
 * <pre>{@code
 * Dataset train = FashionMnist.train(FashionMnist.DEFAULT_DIR);
 * DataLoader loader = DataLoader.builder(train).batchSize(64).shuffle(true).seed(42).build();
 * try (Epoch batches = loader.epoch(0)) { for (Batch b : batches) { try (b) { ... } } }
 * }</pre>
 *
 * <p>Everything here is deterministic for a seed: the order of epoch {@code e} and the random
 * transforms of each sample are pure functions of (seed, epoch, position), so a job resumed at
 * batch {@code k} sees exactly the batches it would have seen. Corrupt files fail with a
 * {@link dev.nabla.data.DataFileException} whose message starts with the file and says what is wrong.
 */
package dev.nabla.data;
