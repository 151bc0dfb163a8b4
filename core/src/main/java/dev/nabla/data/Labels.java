package dev.nabla.data;

import java.util.List;
import java.util.OptionalInt;

/** Validated class labels shared by the in-memory datasets: every label in {@code [0, numClasses)}. */
record Labels(int[] values, int numClasses, List<String> classNames) {

    Labels {
        classNames = List.copyOf(classNames);
        if (!classNames.isEmpty() && classNames.size() != numClasses) {
            throw new IllegalArgumentException(classNames.size() + " class names for " + numClasses + " classes");
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] >= numClasses) {
                throw new IllegalArgumentException("label " + values[i] + " of sample " + i
                        + " is outside [0, " + numClasses + ")");
            }
        }
    }

    /** Labels whose number of classes is the largest label + 1. */
    static Labels inferred(int[] values) {
        int max = -1;
        for (int v : values) {
            max = Math.max(max, v);
        }
        return new Labels(values, max + 1, List.of());
    }

    Labels withClassNames(List<String> names) {
        return new Labels(values, numClasses, names);
    }

    OptionalInt count() {
        return OptionalInt.of(numClasses);
    }
}
