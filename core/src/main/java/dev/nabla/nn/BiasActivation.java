package dev.nabla.nn;

import dev.nabla.autodiff.FusedRule;
import dev.nabla.autodiff.Op;
import dev.nabla.backend.UnaryOp;
import dev.nabla.backend.fused.BiasActivationKernels;
import dev.nabla.tensor.Recorder;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

/** {@code activation(x + bias)} with the bias along dimension 1, fused where the backend can. */
final class BiasActivation {
    private BiasActivation() {
    }

    static Tensor apply(Tensor x, Tensor bias, UnaryOp activation, double alpha) {
        if (x.rank() < 2 || bias.rank() != 1 || bias.size(0) != x.size(1)) {
            throw new IllegalArgumentException("bias_activation: expects x (N, C, ...) and bias (C), got "
                    + Shapes.str(x.shape()) + " and " + Shapes.str(bias.shape()));
        }
        boolean derivativeFromOutput = activation == null || activation == UnaryOp.RELU
                || activation == UnaryOp.SIGMOID || activation == UnaryOp.TANH;
        if (x.backend() instanceof BiasActivationKernels kernels && derivativeFromOutput && bias.backend() == x.backend()) {
            int n = x.size(0);
            int c = x.size(1);
            Tensor x3 = x.contiguous().reshape(n, c, -1);
            Tensor out = Tensor.on(x.backend()).dtype(x.dtype()).empty(x3.shape());
            kernels.biasActivation(x3.strided(), bias.contiguous().strided(), activation, alpha, out.strided());
            FusedRule rule = (node, grad) -> {
                Tensor y = node.output();
                Tensor dpre = switch (activation == null ? UnaryOp.NEG : activation) {
                    case RELU -> grad.mul(y.step());
                    case SIGMOID -> grad.mul(y.mul(y.neg().add(1)));
                    case TANH -> grad.mul(y.mul(y).neg().add(1));
                    default -> grad;   // identity
                };
                return new Tensor[] {dpre, bias.requiresGrad() ? dpre.sum(new int[] {0, 2}, false) : null};
            };
            return Recorder.record(out, Op.FUSED, "bias_activation", new Tensor[] {x3, bias}, null, 0, rule).reshape(x.shape());
        }
        int[] biasShape = new int[x.rank()];
        java.util.Arrays.fill(biasShape, 1);
        biasShape[1] = bias.size(0);
        Tensor pre = x.add(bias.reshape(biasShape));
        return activation == null ? pre : Functional.activation(pre, activation, alpha);
    }
}
