package dev.nabla.data;

/**
 * A batch assembled on the host, before it becomes tensors on the consuming thread.
 *
 * @param x       features after all transforms, {@code B * featureSize}
 * @param clean   features before the first random transform, or null when there is none
 * @param labels  class indices, or null
 */
record HostBatch(int index, int[] indices, float[] x, float[] clean, long[] labels) {
}
