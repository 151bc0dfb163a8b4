package dev.nabla.autodiff;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.Backend;
import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.PrimitivesOnly;
import dev.nabla.backend.UnaryOp;
import dev.nabla.backend.reference.ReferenceBackend;
import dev.nabla.nn.Functional;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.TensorFactory;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every differentiable op's backward rule against float64 finite differences, on the reference
 * backend with its fused kernels and through the composites, with broadcasting and
 * non-contiguous inputs.
 */
class GradCheckTest {
    private static final Backend FUSED = new ReferenceBackend();
    private static final List<Backend> PATHS = List.of(FUSED, PrimitivesOnly.of(FUSED));
    /** Forward-only ops: backpropagating through them is an error (see forwardOnlyOpsRefuseBackward). */
    private static final Set<UnaryOp> FORWARD_ONLY = EnumSet.of(UnaryOp.SIGN, UnaryOp.STEP);

    private final Generator gen = new Generator(2024);

    private Tensor normal(Backend b, int... shape) {
        return Tensor.on(b).dtype(DType.FLOAT64).randn(gen, shape);
    }

    /** Values in [0.5, 2): away from the kinks and poles of log, sqrt, pow and reciprocal. */
    private Tensor positive(Backend b, int... shape) {
        return Tensor.on(b).dtype(DType.FLOAT64).rand(gen, shape).mul(1.5).add(0.5);
    }

    /** Values at least 0.05 away from 0, where relu-like ops have their kink. */
    private Tensor awayFromZero(Backend b, int... shape) {
        Tensor x = normal(b, shape);
        return x.add(x.sign().mul(0.05));
    }

    private void assertGradient(String name, Function<Backend, Tensor[]> inputs, Function<Tensor[], Tensor> f) {
        for (Backend b : PATHS) {
            GradCheck.Result r = GradCheck.check(f, inputs.apply(b));
            assertTrue(r.passed(), name + " on " + b.name() + ": " + r);
        }
    }

    @Test
    void everyDifferentiableUnaryOp() {
        for (UnaryOp op : UnaryOp.values()) {
            if (FORWARD_ONLY.contains(op)) {
                continue;
            }
            boolean positiveDomain = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.RECIPROCAL;
            assertGradient(op.name(), b -> new Tensor[] {positiveDomain ? positive(b, 3, 4) : awayFromZero(b, 3, 4)},
                    x -> Functional.activation(x[0], op, 0.2));
            // The same op on a transposed (non-contiguous) view.
            assertGradient(op.name() + " transposed", b -> new Tensor[] {positiveDomain ? positive(b, 4, 3) : awayFromZero(b, 4, 3)},
                    x -> Functional.activation(x[0].t(), op, 0.2));
        }
    }

    @Test
    void everyDifferentiableBinaryOpWithBroadcasting() {
        for (BinaryOp op : BinaryOp.values()) {
            if (op.isComparison()) {
                continue;
            }
            Function<Tensor[], Tensor> f = x -> switch (op) {
                case ADD -> x[0].add(x[1]);
                case SUB -> x[0].sub(x[1]);
                case MUL -> x[0].mul(x[1]);
                case DIV -> x[0].div(x[1]);
                case POW -> x[0].pow(x[1]);
                case MAX -> x[0].maximum(x[1]);
                case MIN -> x[0].minimum(x[1]);
                default -> throw new AssertionError(op);
            };
            assertGradient(op + " same shape", b -> new Tensor[] {positive(b, 3, 4), positive(b, 3, 4)}, f);
            assertGradient(op + " row broadcast", b -> new Tensor[] {positive(b, 3, 4), positive(b, 4)}, f);
            assertGradient(op + " column and batch broadcast", b -> new Tensor[] {positive(b, 2, 1, 4), positive(b, 3, 1)}, f);
            assertGradient(op + " transposed", b -> new Tensor[] {positive(b, 4, 3), positive(b, 3, 4)},
                    x -> f.apply(new Tensor[] {x[0].t(), x[1]}));
        }
    }

    @Test
    void scalarOperandsAndClamp() {
        assertGradient("pow scalar", b -> new Tensor[] {positive(b, 5)}, x -> x[0].pow(2.5));
        assertGradient("div scalar", b -> new Tensor[] {normal(b, 5)}, x -> x[0].div(3).add(1).mul(2).sub(4));
        assertGradient("clamp", b -> new Tensor[] {awayFromZero(b, 4, 5).mul(2)}, x -> x[0].clamp(-0.7, 0.9));
        assertGradient("where", b -> new Tensor[] {normal(b, 3, 4), normal(b, 4), normal(b, 3, 1)},
                x -> Tensor.where(x[0].gt(0), x[1].mul(x[0]), x[2]));
        assertGradient("square and abs", b -> new Tensor[] {awayFromZero(b, 6)}, x -> x[0].square().add(x[0].abs()));
    }

    @Test
    void reductions() {
        assertGradient("sum all", b -> new Tensor[] {normal(b, 3, 4)}, x -> x[0].sum());
        assertGradient("sum axes", b -> new Tensor[] {normal(b, 2, 3, 4)}, x -> x[0].sum(new int[] {0, 2}, false));
        assertGradient("sum keepdim of view", b -> new Tensor[] {normal(b, 4, 3)}, x -> x[0].t().sum(new int[] {1}, true));
        assertGradient("mean", b -> new Tensor[] {normal(b, 3, 5)}, x -> x[0].mean(1));
        assertGradient("var", b -> new Tensor[] {normal(b, 3, 5)}, x -> x[0].var(new int[] {1}, true, true));
        assertGradient("max axis", b -> new Tensor[] {normal(b, 3, 5)}, x -> x[0].max(1, false));
        assertGradient("min axis keepdim", b -> new Tensor[] {normal(b, 3, 5)}, x -> x[0].min(0, true));
        assertGradient("max all", b -> new Tensor[] {normal(b, 3, 5)}, x -> x[0].max());
    }

    @Test
    void viewsAndJoins() {
        assertGradient("reshape", b -> new Tensor[] {normal(b, 3, 4)}, x -> x[0].reshape(2, -1, 2).exp());
        assertGradient("reshape copy", b -> new Tensor[] {normal(b, 3, 4)}, x -> x[0].t().reshape(12).exp());
        assertGradient("permute", b -> new Tensor[] {normal(b, 2, 3, 4)}, x -> x[0].permute(2, 0, 1).tanh());
        assertGradient("expand", b -> new Tensor[] {normal(b, 3, 1)}, x -> x[0].expand(2, 3, 4).exp());
        assertGradient("narrow select", b -> new Tensor[] {normal(b, 5, 4)}, x -> x[0].narrow(0, 1, 3).select(1, 2).exp());
        assertGradient("squeeze unsqueeze", b -> new Tensor[] {normal(b, 3, 1, 4)}, x -> x[0].squeeze(1).unsqueeze(0).tanh());
        assertGradient("concat", b -> new Tensor[] {normal(b, 2, 3), normal(b, 2, 5)}, x -> Tensor.concat(1, x[0], x[1]).tanh());
        assertGradient("stack", b -> new Tensor[] {normal(b, 2, 3), normal(b, 2, 3)}, x -> Tensor.stack(1, x[0], x[1].t().t()));
        assertGradient("contiguous", b -> new Tensor[] {normal(b, 3, 4)}, x -> x[0].t().contiguous().exp());
    }

    @Test
    void indexing() {
        assertGradient("gather", b -> new Tensor[] {normal(b, 3, 4), Tensor.on(b).of(new long[] {3, 0, 0, 2, 1, 1}, 3, 2)},
                x -> x[0].gather(1, x[1]));
        assertGradient("index_select repeated", b -> new Tensor[] {normal(b, 4, 3), Tensor.on(b).of(new int[] {1, 1, 3}, 3)},
                x -> x[0].indexSelect(0, x[1]));
        assertGradient("scatter_add", b -> new Tensor[] {normal(b, 3, 2), Tensor.on(b).of(new long[] {0, 2, 0, 0}, 2, 2),
                normal(b, 2, 2)}, x -> x[0].scatterAdd(0, x[1], x[2]));
    }

    @Test
    void matmulAllForms() {
        assertGradient("matmul 2-D", b -> new Tensor[] {normal(b, 3, 4), normal(b, 4, 5)}, x -> x[0].matmul(x[1]));
        assertGradient("matmul transposed operands", b -> new Tensor[] {normal(b, 4, 3), normal(b, 5, 4)},
                x -> x[0].t().matmul(x[1].t()));
        assertGradient("matmul vector", b -> new Tensor[] {normal(b, 4), normal(b, 4, 2)}, x -> x[0].matmul(x[1]));
        assertGradient("dot", b -> new Tensor[] {normal(b, 4), normal(b, 4)}, x -> x[0].matmul(x[1]));
        assertGradient("batched broadcast", b -> new Tensor[] {normal(b, 2, 1, 3, 4), normal(b, 3, 4, 2)},
                x -> x[0].matmul(x[1]));
    }

    @Test
    void networkOps() {
        assertGradient("conv2d", b -> new Tensor[] {normal(b, 2, 2, 5, 6), normal(b, 3, 2, 3, 3), normal(b, 3)},
                x -> Functional.conv2d(x[0], x[1], x[2], new int[] {2, 1}, new int[] {1, 2}, new int[] {1, 2}, 1));
        assertGradient("conv2d groups", b -> new Tensor[] {normal(b, 1, 4, 4, 4), normal(b, 2, 2, 2, 2)},
                x -> Functional.conv2d(x[0], x[1], null, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 2));
        assertGradient("conv1d", b -> new Tensor[] {normal(b, 2, 2, 7), normal(b, 3, 2, 3), normal(b, 3)},
                x -> Functional.conv1d(x[0], x[1], x[2], 2, 1, 1, 1));
        assertGradient("max_pool2d", b -> new Tensor[] {normal(b, 2, 2, 5, 5)},
                x -> Functional.maxPool2d(x[0], new int[] {3, 2}, new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1}));
        assertGradient("avg_pool2d", b -> new Tensor[] {normal(b, 2, 2, 5, 5)},
                x -> Functional.avgPool2d(x[0], new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, false));
        assertGradient("softmax", b -> new Tensor[] {normal(b, 3, 5)}, x -> Functional.softmax(x[0], 1));
        assertGradient("log_softmax axis 0", b -> new Tensor[] {normal(b, 3, 5)}, x -> Functional.logSoftmax(x[0], 0));
        assertGradient("cross_entropy", b -> new Tensor[] {normal(b, 4, 5)},
                x -> Functional.crossEntropy(x[0], Tensor.on(x[0].backend()).of(new long[] {4, 0, 2, 2}, 4)));
        assertGradient("batch_norm", b -> new Tensor[] {normal(b, 4, 3, 2), normal(b, 3), normal(b, 3)},
                x -> Functional.batchNorm(x[0], null, null, x[1], x[2], true, 0.1, 1e-5));
        assertGradient("bias_activation", b -> new Tensor[] {awayFromZero(b, 3, 4, 2), normal(b, 4)},
                x -> Functional.biasActivation(x[0], x[1], UnaryOp.RELU, 0));
        assertGradient("bias sigmoid", b -> new Tensor[] {normal(b, 3, 4), normal(b, 4)},
                x -> Functional.biasActivation(x[0], x[1], UnaryOp.SIGMOID, 0));
    }

    @Test
    void aWrongRuleIsCaught() {
        // x * stop_gradient(x) has true derivative 2x but autograd gives x: gradcheck must notice.
        Tensor x = Tensor.on(FUSED).dtype(DType.FLOAT64).of(new double[] {0.5, -1.5, 2.0}, 3);
        GradCheck.Result r = GradCheck.check(in -> in[0].mul(in[0].detach()), x);
        assertFalse(r.passed(), r.toString());
    }

    @Test
    void float32InputsAreRefused() {
        TensorFactory f = Tensor.on(FUSED);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> GradCheck.check(in -> in[0].exp(), f.ones(2)));
    }
}
