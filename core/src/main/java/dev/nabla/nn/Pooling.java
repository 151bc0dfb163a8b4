package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/** Pooling layers as modules; see {@link Functional} for the semantics. */
public final class Pooling {
    private Pooling() {
    }

    /** Max pooling with kernel, stride and padding (square). */
    public static class MaxPool2d extends Module {
        private final int kernel;
        private final int stride;
        private final int padding;

        public MaxPool2d(int kernel) {
            this(kernel, kernel, 0);
        }

        public MaxPool2d(int kernel, int stride, int padding) {
            this.kernel = kernel;
            this.stride = stride;
            this.padding = padding;
        }

        @Override
        public Tensor forward(Tensor x) {
            return Functional.maxPool2d(x, new int[] {kernel, kernel}, new int[] {stride, stride},
                    new int[] {padding, padding}, new int[] {1, 1});
        }

        @Override
        protected String extraRepr() {
            return "kernel=" + kernel + ", stride=" + stride + ", padding=" + padding;
        }
    }

    /** Average pooling with kernel, stride and padding (square); padding counts toward the mean, as in PyTorch. */
    public static class AvgPool2d extends Module {
        private final int kernel;
        private final int stride;
        private final int padding;

        public AvgPool2d(int kernel) {
            this(kernel, kernel, 0);
        }

        public AvgPool2d(int kernel, int stride, int padding) {
            this.kernel = kernel;
            this.stride = stride;
            this.padding = padding;
        }

        @Override
        public Tensor forward(Tensor x) {
            return Functional.avgPool2d(x, new int[] {kernel, kernel}, new int[] {stride, stride},
                    new int[] {padding, padding}, true);
        }

        @Override
        protected String extraRepr() {
            return "kernel=" + kernel + ", stride=" + stride + ", padding=" + padding;
        }
    }

    /** Mean over the spatial dimensions: {@code (N, C, H, W) -> (N, C)}. */
    public static class GlobalAvgPool2d extends Module {
        @Override
        public Tensor forward(Tensor x) {
            if (x.rank() != 4) {
                throw new IllegalArgumentException("GlobalAvgPool2d: expects (N, C, H, W), got "
                        + java.util.Arrays.toString(x.shape()));
            }
            return x.mean(new int[] {2, 3}, false);
        }
    }

    /** Flattens every dimension after the first: {@code (N, ...) -> (N, prod(...))}. */
    public static class Flatten extends Module {
        @Override
        public Tensor forward(Tensor x) {
            return x.rank() <= 2 ? x : x.flatten(1, -1);
        }
    }
}
