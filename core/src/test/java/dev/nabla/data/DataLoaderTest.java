package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.reference.ReferenceBackend;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.MemoryScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Batching, shuffling, drop-last, resuming at batch k, transforms and clean targets, the prefetch thread. */
class DataLoaderTest {
    private final ReferenceBackend backend = new ReferenceBackend();

    /** n samples of shape [1, 2, 2]: sample i holds i*10 + k; label i % 3. */
    private static ArrayDataset data(int n) {
        float[] v = new float[n * 4];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 4; k++) {
                v[i * 4 + k] = i * 10 + k;
            }
            labels[i] = i % 3;
        }
        return new ArrayDataset(v, new int[] {1, 2, 2}, labels);
    }

    private DataLoader.Builder loader(Dataset d) {
        return DataLoader.builder(d).backend(backend);
    }

    /** Host copies of a batch: x, clean, labels and indices. */
    private record Copy(float[] x, float[] clean, long[] labels, int[] indices, int index) {
        void assertSameAs(Copy o) {
            assertArrayEquals(o.x, x, "x of batch " + index);
            assertArrayEquals(o.clean, clean, "clean of batch " + index);
            assertArrayEquals(o.labels, labels);
            assertArrayEquals(o.indices, indices);
            assertEquals(o.index, index);
        }
    }

    private static List<Copy> drain(Epoch epoch) {
        List<Copy> out = new ArrayList<>();
        try (epoch) {
            for (Batch b : epoch) {
                try (b) {
                    out.add(new Copy(b.x().toFloatArray(), b.clean().toFloatArray(),
                            b.labels() == null ? null : b.labels().toLongArray(), b.indices(), b.index()));
                }
            }
        }
        return out;
    }

    @Test
    void batchesInOrderWithAPartialLastBatch() {
        DataLoader l = loader(data(10)).batchSize(4).build();
        assertEquals(3, l.numBatches());
        List<int[]> shapes = new ArrayList<>();
        int seen = 0;
        try (Epoch e = l.epoch(0)) {
            for (Batch b : e) {
                try (b) {
                    shapes.add(b.x().shape());
                    assertEquals(DType.FLOAT32, b.x().dtype());
                    assertEquals(DType.INT64, b.labels().dtype());
                    assertSame(b.x(), b.clean(), "no random transform: clean is x");
                    float[] x = b.x().toFloatArray();
                    long[] labels = b.labels().toLongArray();
                    for (int j = 0; j < b.size(); j++) {
                        int i = seen + j;
                        assertEquals(i, b.indices()[j]);
                        assertEquals(i % 3, labels[j]);
                        assertArrayEquals(new float[] {i * 10, i * 10 + 1, i * 10 + 2, i * 10 + 3},
                                Arrays.copyOfRange(x, j * 4, j * 4 + 4));
                    }
                    seen += b.size();
                }
            }
        }
        assertEquals(10, seen);
        assertArrayEquals(new int[] {4, 1, 2, 2}, shapes.get(0));
        assertArrayEquals(new int[] {2, 1, 2, 2}, shapes.get(2));
    }

    @Test
    void dropLastSkipsThePartialBatch() {
        DataLoader l = loader(data(10)).batchSize(4).dropLast(true).shuffle(true).seed(3).build();
        assertEquals(2, l.numBatches());
        List<Copy> batches = drain(l.epoch(0));
        assertEquals(2, batches.size());
        assertTrue(batches.stream().allMatch(b -> b.indices.length == 4));
        assertEquals(0, loader(data(3)).batchSize(4).dropLast(true).build().numBatches());
    }

    @Test
    void shufflingIsAPureFunctionOfSeedAndEpoch() {
        DataLoader a = loader(data(50)).batchSize(8).shuffle(true).seed(11).build();
        DataLoader b = loader(data(50)).batchSize(8).shuffle(true).seed(11).build();
        DataLoader c = loader(data(50)).batchSize(8).shuffle(true).seed(12).build();
        assertArrayEquals(a.order(4), b.order(4));
        assertFalse(Arrays.equals(a.order(0), a.order(1)), "epochs differ");
        assertFalse(Arrays.equals(a.order(0), c.order(0)), "seeds differ");
        assertArrayEquals(IntStream.range(0, 50).toArray(), Arrays.stream(a.order(2)).sorted().toArray());
        int[] visited = drain(a.epoch(2)).stream().flatMapToInt(x -> Arrays.stream(x.indices)).toArray();
        assertArrayEquals(a.order(2), visited);
        assertArrayEquals(IntStream.range(0, 50).toArray(), loader(data(50)).build().order(7));
    }

    @Test
    void startingAtBatchKGivesExactlyTheTailOfTheEpoch() {
        DataLoader l = loader(data(37)).batchSize(5).shuffle(true).seed(5)
                .transforms(new RandomHorizontalFlip(0.5), new RandomCrop(1), new GaussianNoise(0.1)).build();
        List<Copy> full = drain(l.epoch(3));
        assertEquals(8, full.size());
        drain(l.epoch(1)); // what ran before does not matter
        for (int k : new int[] {0, 1, 6, 7}) {
            List<Copy> tail = drain(l.epoch(3, k));
            assertEquals(8 - k, tail.size());
            for (int j = 0; j < tail.size(); j++) {
                tail.get(j).assertSameAs(full.get(k + j));
            }
        }
        assertTrue(drain(l.epoch(3, 8)).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> l.epoch(3, 9));
        assertThrows(IllegalArgumentException.class, () -> l.epoch(3, -1));
    }

    @Test
    void prefetchingChangesNothing() {
        Dataset d = data(23);
        List<Copy> withThread = drain(loader(d).batchSize(4).shuffle(true).seed(9).prefetch(3)
                .transforms(new GaussianNoise(0.3)).build().epoch(1));
        List<Copy> inline = drain(loader(d).batchSize(4).shuffle(true).seed(9).prefetch(0)
                .transforms(new GaussianNoise(0.3)).build().epoch(1));
        assertEquals(inline.size(), withThread.size());
        for (int i = 0; i < inline.size(); i++) {
            withThread.get(i).assertSameAs(inline.get(i));
        }
        List<Copy> otherEpoch = drain(loader(d).batchSize(4).shuffle(true).seed(9)
                .transforms(new GaussianNoise(0.3)).build().epoch(2));
        assertFalse(Arrays.equals(inline.get(0).x, otherEpoch.get(0).x), "augmentation differs between epochs");
    }

    @Test
    void noiseChangesXButCleanStaysTheInputBeforeIt() {
        ArrayDataset d = data(6);
        Normalize norm = new Normalize(new float[] {10}, new float[] {2});
        DataLoader l = loader(d).batchSize(3).transforms(norm, new GaussianNoise(0.5)).build();
        try (Epoch e = l.epoch(0)) {
            for (Batch b : e) {
                try (b) {
                    assertNotSame(b.x(), b.clean());
                    float[] x = b.x().toFloatArray();
                    float[] clean = b.clean().toFloatArray();
                    assertFalse(Arrays.equals(x, clean));
                    for (int j = 0; j < b.size(); j++) {
                        float[] original = d.features(b.indices()[j]);
                        for (int k = 0; k < 4; k++) {
                            assertEquals((original[k] - 10) / 2, clean[j * 4 + k], "clean = normalised input");
                        }
                    }
                }
            }
        }
    }

    @Test
    void closingEarlyStopsThePrefetchThread() {
        DataLoader l = loader(data(200)).batchSize(2).prefetch(2).build();
        Thread thread;
        try (Epoch e = l.epoch(0)) {
            thread = e.thread();
            for (Batch b : e) {
                b.close();
                if (b.index() == 3) {
                    break;
                }
            }
            assertEquals(4, e.nextBatch());
        }
        assertFalse(thread.isAlive(), "close() waits for the thread");
        assertFalse(Thread.getAllStackTraces().containsKey(thread));
        Epoch finished = l.epoch(1);
        drain(finished);
        assertFalse(finished.thread().isAlive());
        assertFalse(finished.hasNext());
    }

    @Test
    void anEpochIsIteratedOnce() {
        DataLoader l = loader(data(4)).batchSize(2).build();
        try (Epoch e = l.epoch(0)) {
            e.iterator();
            assertThrows(IllegalStateException.class, e::iterator);
        }
        Epoch closed = l.epoch(0);
        closed.close();
        assertFalse(closed.hasNext());
        assertThrows(NoSuchElementException.class, closed::next);
    }

    @Test
    void datasetErrorsSurfaceOnTheIteratingThreadAtTheirBatch() {
        ArrayDataset good = data(10);
        Dataset bad = new Dataset() {
            @Override
            public int size() {
                return 10;
            }

            @Override
            public int[] featureShape() {
                return good.featureShape();
            }

            @Override
            public void features(int index, float[] dst, int offset) {
                if (index == 7) {
                    throw new DataFileException(java.nio.file.Path.of("bad.bin"), "sample 7 is damaged");
                }
                good.features(index, dst, offset);
            }
        };
        for (int prefetch : new int[] {0, 2}) {
            Epoch e = loader(bad).batchSize(3).prefetch(prefetch).build().epoch(0);
            int batches = 0;
            try (e) {
                for (Batch b : e) {
                    b.close();
                    batches++;
                }
            } catch (DataFileException ex) {
                assertEquals("bad.bin: sample 7 is damaged", ex.getMessage());
            }
            assertEquals(2, batches);
            assertTrue(e.thread() == null || !e.thread().isAlive());
        }
    }

    @Test
    void unlabelledDatasetsGiveNullLabels() {
        Dataset d = new ArrayDataset(new float[] {1, 2, 3}, new int[] {1});
        List<Copy> batches = drain(loader(d).batchSize(2).build().epoch(0));
        assertNull(batches.get(0).labels);
        assertArrayEquals(new float[] {3}, batches.get(1).x);
    }

    @Test
    void closingBatchesFreesTheirMemory() {
        long before = backend.memoryStats().inUse();
        drain(loader(data(9)).batchSize(4).transforms(new GaussianNoise(0.1)).build().epoch(0));
        assertEquals(before, backend.memoryStats().inUse());
        try (MemoryScope scope = MemoryScope.open()) {
            try (Epoch e = loader(data(9)).batchSize(4).build().epoch(0)) {
                for (Batch b : e) {
                    assertTrue(b.x().numel() > 0);
                }
            }
            assertTrue(backend.memoryStats().inUse() > before);
            assertEquals(3 * 2, scope.size(), "x and labels of three batches");
        }
        assertEquals(before, backend.memoryStats().inUse(), "batches join the scope open while iterating");
    }
}
