package dev.nabla.data;

import dev.nabla.tensor.Tensor;

/**
 * One batch from a {@link DataLoader}, created on the thread that iterates the loader.
 *
 * <ul>
 *   <li>{@code x}: float32 {@code [B, ...featureShape]}, after every transform.</li>
 *   <li>{@code labels}: int64 {@code [B]} class indices, or null when the dataset has none.</li>
 *   <li>{@code clean}: the same samples as they were just before the loader's first random
 *       transform ({@link Transform#isRandom()}), i.e. after the deterministic transforms that precede
 *       it (such as {@link Normalize}) and before any augmentation or {@link GaussianNoise}: the
 *       target of a denoising autoencoder. When the loader has no random transform, {@code clean}
 *       is the very same tensor object as {@code x} ({@code clean == x}).</li>
 *   <li>{@code index}: the batch's number in its epoch; {@code indices}: the dataset index of
 *       each sample.</li>
 * </ul>
 *
 * <p>The tensors belong to the innermost {@link dev.nabla.tensor.MemoryScope} open when the batch
 * was taken from the loader; {@link #close()} frees them at once, which device backends want
 * every step.
 *
 * <pre>{@code
 * for (Batch b : batches) {
 *     try (b; MemoryScope step = MemoryScope.open()) { loss(model.forward(b.x()), b.clean()).backward(); }
 * }
 * }</pre>
 */
public record Batch(Tensor x, Tensor labels, Tensor clean, int index, int[] indices) implements AutoCloseable {

    /** Number of samples, {@code B}. */
    public int size() {
        return indices.length;
    }

    /** Closes {@code x}, {@code labels} and {@code clean} (each once). */
    @Override
    public void close() {
        x.close();
        if (labels != null) {
            labels.close();
        }
        if (clean != x) {
            clean.close();
        }
    }
}
