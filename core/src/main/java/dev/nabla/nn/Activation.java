package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/** Activation functions as modules (PyTorch's {@code nn.ReLU} and friends). */
public final class Activation {
    private Activation() {
    }

    /** {@code max(x, 0)}. */
    public static class ReLU extends Module {
        @Override
        public Tensor forward(Tensor x) {
            return x.relu();
        }
    }

    /** {@code x > 0 ? x : slope * x}. */
    public static class LeakyReLU extends Module {
        private final double slope;

        public LeakyReLU(double slope) {
            this.slope = slope;
        }

        @Override
        public Tensor forward(Tensor x) {
            return x.leakyRelu(slope);
        }

        @Override
        protected String extraRepr() {
            return "slope=" + slope;
        }
    }

    /** {@code x > 0 ? x : alpha (e^x - 1)}. */
    public static class ELU extends Module {
        private final double alpha;

        public ELU(double alpha) {
            this.alpha = alpha;
        }

        @Override
        public Tensor forward(Tensor x) {
            return x.elu(alpha);
        }
    }

    public static class Sigmoid extends Module {
        @Override
        public Tensor forward(Tensor x) {
            return x.sigmoid();
        }
    }

    public static class Tanh extends Module {
        @Override
        public Tensor forward(Tensor x) {
            return x.tanh();
        }
    }

    public static class Softplus extends Module {
        @Override
        public Tensor forward(Tensor x) {
            return x.softplus();
        }
    }

    /** Exact (erf) GELU. */
    public static class GELU extends Module {
        @Override
        public Tensor forward(Tensor x) {
            return Functional.gelu(x);
        }
    }

    /** Piecewise-linear sigmoid {@code clamp(x/6 + 1/2, 0, 1)}. */
    public static class HardSigmoid extends Module {
        @Override
        public Tensor forward(Tensor x) {
            return Functional.hardSigmoid(x);
        }
    }

    /** The identity (a linear activation). */
    public static class Identity extends Module {
        @Override
        public Tensor forward(Tensor x) {
            return x;
        }
    }

    /** Heaviside step {@code x > 0 ? 1 : 0}: forward-only (the perceptron's activation). */
    public static class Step extends Module {
        @Override
        public Tensor forward(Tensor x) {
            return x.step();
        }
    }

    /** Sign: forward-only. */
    public static class Sign extends Module {
        @Override
        public Tensor forward(Tensor x) {
            return x.sign();
        }
    }

    /** Softmax along an axis (default the last). */
    public static class Softmax extends Module {
        private final int axis;

        public Softmax(int axis) {
            this.axis = axis;
        }

        @Override
        public Tensor forward(Tensor x) {
            return Functional.softmax(x, axis);
        }
    }

    /** Log-softmax along an axis. */
    public static class LogSoftmax extends Module {
        private final int axis;

        public LogSoftmax(int axis) {
            this.axis = axis;
        }

        @Override
        public Tensor forward(Tensor x) {
            return Functional.logSoftmax(x, axis);
        }
    }
}
