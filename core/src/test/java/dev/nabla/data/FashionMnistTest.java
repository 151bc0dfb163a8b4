package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The real Fashion-MNIST files, when Debian's dataset-fashion-mnist package installed them. */
class FashionMnistTest {
    @Test
    void readsTheRealFiles() throws IOException {
        boolean present = FashionMnist.isPresent(FashionMnist.DEFAULT_DIR);
        if (!present) {
            System.out.println("FashionMnistTest skipped: no Fashion-MNIST files in " + FashionMnist.DEFAULT_DIR);
        }
        assumeTrue(present, "no Fashion-MNIST files in " + FashionMnist.DEFAULT_DIR
                + " (apt-get install dataset-fashion-mnist)");
        Dataset train = FashionMnist.train(FashionMnist.DEFAULT_DIR);
        Dataset test = FashionMnist.test(FashionMnist.DEFAULT_DIR);
        assertEquals(60000, train.size());
        assertEquals(10000, test.size());
        for (Dataset d : new Dataset[] {train, test}) {
            assertArrayEquals(new int[] {1, 28, 28}, d.featureShape());
            assertEquals(10, d.numClasses().getAsInt());
            int[] counts = new int[10];
            for (int i = 0; i < d.size(); i++) {
                counts[d.label(i)]++;
            }
            for (int c : counts) {
                assertEquals(d.size() / 10, c, "the classes are balanced");
            }
        }
        assertEquals("Ankle boot", train.classNames().get(train.label(0)));
        float[] first = train.features(0);
        float max = 0;
        for (float v : first) {
            assertTrue(v >= 0 && v <= 1);
            max = Math.max(max, v);
        }
        assertEquals(1f, max);
        Normalize stats = Normalize.fit(train);
        assertEquals(0.2860, stats.mean()[0], 1e-4);
        assertEquals(0.3530, stats.std()[0], 1e-4);
    }
}
