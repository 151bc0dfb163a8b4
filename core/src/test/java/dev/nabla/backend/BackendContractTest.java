package dev.nabla.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nabla.autodiff.GradMode;
import dev.nabla.backend.reference.ReferenceBackend;
import dev.nabla.nn.Functional;
import dev.nabla.optim.Updates;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.MemoryScope;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.TensorFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The one parity suite every backend runs: each op, forward and every input gradient, on the
 * backend under test in float32 — once with its fused kernels and once through
 * {@link PrimitivesOnly} (the composites) — against the scalar reference backend in float64.
 * Shapes include sizes 1, odd and prime sizes, rows longer than 4096, non-contiguous views and
 * broadcasting. A backend module subclasses it in one line:
 *
 * <pre>{@code
 * class ClBackendTest extends BackendContractTest {
 *     protected Backend backend() { return ClBackends.forTests(); }
 * }
 * }</pre>
 *
 * <p>Tolerance: {@code |actual - expected| <= tol * (1 + |expected|)}, with tol stated per op
 * (1e-5 element-wise, 1e-4 for GEMM, convolution and long reductions).
 */
public abstract class BackendContractTest {
    protected static final double ELEMENTWISE = 1e-5;
    protected static final double ACCUMULATING = 1e-4;
    protected static final int[] SIZES = {1, 3, 7, 13, 31, 64, 207, 1021, 4098};

    private final Backend oracle = new ReferenceBackend();

    /** The backend under test; use JUnit assumptions to skip with a reason when it cannot run here. */
    protected abstract Backend backend();

    /** What an input of a case holds. */
    protected enum Kind { NORMAL, POSITIVE, UNIT }

    /** One input of a case: its shape and the kind of values. */
    protected record Input(Kind kind, int... shape) {
        static Input normal(int... shape) {
            return new Input(Kind.NORMAL, shape);
        }

        static Input positive(int... shape) {
            return new Input(Kind.POSITIVE, shape);
        }
    }

    // ---- the comparison machinery ----------------------------------------------------------

    /**
     * Runs {@code op} on float32 inputs on the backend under test (fused and composite paths) and on
     * float64 inputs on the reference backend, and compares the outputs and the gradients of
     * {@code sum(out * r)} for random {@code r}.
     */
    protected void check(String name, double tol, Function<Tensor[], Tensor> op, Input... inputs) {
        double[][] values = new double[inputs.length][];
        Generator gen = new Generator(name.hashCode());
        TensorFactory host = Tensor.on(oracle).dtype(DType.FLOAT64);
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = host.randn(gen, inputs[i].shape());
            values[i] = switch (inputs[i].kind()) {
                case NORMAL -> t.toDoubleArray();
                case POSITIVE -> t.abs().add(0.5).toDoubleArray();
                case UNIT -> host.rand(gen, inputs[i].shape()).mul(0.8).add(0.1).toDoubleArray();
            };
        }
        Run expected = run(oracle, DType.FLOAT64, op, inputs, values, name);
        for (Backend subject : List.of(backend(), PrimitivesOnly.of(backend()))) {
            Run actual = run(subject, DType.FLOAT32, op, inputs, values, name);
            String where = name + " on " + subject.name();
            assertArrayEquals(expected.shape, actual.shape, where + ": output shape");
            assertClose(where + ": output", expected.output, actual.output, tol);
            for (int i = 0; i < inputs.length; i++) {
                assertClose(where + ": gradient of input " + i, expected.grads[i], actual.grads[i], tol);
            }
        }
    }

    private record Run(int[] shape, double[] output, double[][] grads) {
    }

    private Run run(Backend backend, DType dtype, Function<Tensor[], Tensor> op, Input[] inputs, double[][] values,
                    String name) {
        try (MemoryScope scope = MemoryScope.open()) {
            TensorFactory f = Tensor.on(backend).dtype(dtype);
            Tensor[] leaves = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                leaves[i] = Tensor.on(backend).dtype(DType.FLOAT64).of(values[i], inputs[i].shape()).cast(dtype)
                        .detach().requiresGrad(true);
            }
            Tensor out = op.apply(leaves);
            double[] weights = Tensor.on(oracle).dtype(DType.FLOAT64).randn(new Generator(~name.hashCode()), out.shape())
                    .toDoubleArray();
            double[][] grads = new double[inputs.length][];
            if (out.requiresGrad()) {
                out.mul(f.dtype(DType.FLOAT64).of(weights, out.shape()).cast(dtype)).sum().backward();
            }
            for (int i = 0; i < inputs.length; i++) {
                grads[i] = leaves[i].grad() == null ? new double[values[i].length] : leaves[i].grad().toDoubleArray();
            }
            return new Run(out.shape(), out.toDoubleArray(), grads);
        }
    }

    protected static void assertClose(String what, double[] expected, double[] actual, double tol) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            boolean same = (Double.isNaN(e) && Double.isNaN(a)) || e == a || Math.abs(e - a) <= tol * (1 + Math.abs(e));
            if (!same) {
                fail(what + ": element " + i + " expected " + e + " but was " + a + " (tolerance " + tol + ")");
            }
        }
    }

    // ---- element-wise ----------------------------------------------------------------------

    @Test
    void unaryOpsOnEverySize() {
        for (int n : SIZES) {
            check("exp " + n, ELEMENTWISE, x -> x[0].exp(), Input.normal(n));
            check("tanh " + n, ELEMENTWISE, x -> x[0].tanh(), Input.normal(n));
        }
    }

    @Test
    void everyUnaryOp() {
        int[] shape = {7, 13};
        check("neg", ELEMENTWISE, x -> x[0].neg(), Input.normal(shape));
        check("abs", ELEMENTWISE, x -> x[0].abs(), Input.normal(shape));
        check("exp", ELEMENTWISE, x -> x[0].exp(), Input.normal(shape));
        check("log", ELEMENTWISE, x -> x[0].log(), Input.positive(shape));
        check("sqrt", ELEMENTWISE, x -> x[0].sqrt(), Input.positive(shape));
        check("reciprocal", ELEMENTWISE, x -> x[0].reciprocal(), Input.positive(shape));
        check("tanh", ELEMENTWISE, x -> x[0].tanh(), Input.normal(shape));
        check("sigmoid", ELEMENTWISE, x -> x[0].mul(8).sigmoid(), Input.normal(shape));
        check("relu", ELEMENTWISE, x -> x[0].relu(), Input.normal(shape));
        check("leaky_relu", ELEMENTWISE, x -> x[0].leakyRelu(0.1), Input.normal(shape));
        check("elu", ELEMENTWISE, x -> x[0].elu(1.3), Input.normal(shape));
        check("softplus", ELEMENTWISE, x -> x[0].mul(10).softplus(), Input.normal(shape));
        check("erf", ELEMENTWISE, x -> x[0].erf(), Input.normal(shape));
        check("gelu", ELEMENTWISE, x -> Functional.gelu(x[0]), Input.normal(shape));
        check("hard_sigmoid", ELEMENTWISE, x -> Functional.hardSigmoid(x[0].mul(4)), Input.normal(shape));
        check("clamp", ELEMENTWISE, x -> x[0].clamp(-0.5, 0.7), Input.normal(shape));
        check("sign", ELEMENTWISE, x -> x[0].detach().sign(), Input.normal(shape));
        check("step", ELEMENTWISE, x -> x[0].detach().step(), Input.normal(shape));
    }

    @Test
    void binaryOpsWithBroadcastingAndViews() {
        check("add", ELEMENTWISE, x -> x[0].add(x[1]), Input.normal(13, 31), Input.normal(13, 31));
        check("sub row broadcast", ELEMENTWISE, x -> x[0].sub(x[1]), Input.normal(13, 31), Input.normal(31));
        check("mul column broadcast", ELEMENTWISE, x -> x[0].mul(x[1]), Input.normal(13, 31), Input.normal(13, 1));
        check("div", ELEMENTWISE, x -> x[0].div(x[1]), Input.normal(7, 1, 5), Input.positive(3, 5));
        check("pow", ELEMENTWISE, x -> x[0].pow(x[1]), Input.positive(7, 3), Input.normal(7, 3));
        check("pow scalar", ELEMENTWISE, x -> x[0].pow(3), Input.normal(7, 3));
        check("maximum", ELEMENTWISE, x -> x[0].maximum(x[1]), Input.normal(7, 3), Input.normal(3));
        check("minimum", ELEMENTWISE, x -> x[0].minimum(x[1]), Input.normal(7, 3), Input.normal(7, 3));
        check("add transposed", ELEMENTWISE, x -> x[0].t().add(x[1]), Input.normal(31, 13), Input.normal(13, 31));
        check("mul narrowed", ELEMENTWISE, x -> x[0].narrow(1, 2, 5).mul(x[1]), Input.normal(7, 13), Input.normal(7, 5));
        check("long row", ELEMENTWISE, x -> x[0].mul(x[1]).add(x[0]), Input.normal(2, 4098), Input.normal(4098));
        check("comparisons", ELEMENTWISE, x -> x[0].gt(x[1]).add(x[0].le(x[1]).mul(2)).add(x[0].eq(x[0]).mul(4))
                .detach(), Input.normal(7, 3), Input.normal(3));
        check("where", ELEMENTWISE, x -> Tensor.where(x[0].gt(0), x[1], x[2]), Input.normal(7, 5), Input.normal(7, 5),
                Input.normal(5));
    }

    // ---- reductions, views, indexing -------------------------------------------------------

    @Test
    void reductionsOverAxes() {
        for (int n : SIZES) {
            check("sum " + n, ACCUMULATING, x -> x[0].sum(), Input.normal(n));
            check("max " + n, ELEMENTWISE, x -> x[0].max(), Input.normal(n));
        }
        check("sum axis 0", ACCUMULATING, x -> x[0].sum(0), Input.normal(13, 7));
        check("sum axes keepdim", ACCUMULATING, x -> x[0].sum(new int[] {0, 2}, true), Input.normal(3, 5, 7));
        check("mean", ACCUMULATING, x -> x[0].mean(new int[] {1}, false), Input.normal(3, 5, 7));
        check("var", ACCUMULATING, x -> x[0].var(new int[] {0}, true, false), Input.normal(13, 7));
        check("max axis", ELEMENTWISE, x -> x[0].max(1, false), Input.normal(7, 13));
        check("min axis keepdim", ELEMENTWISE, x -> x[0].min(0, true), Input.normal(7, 13));
        check("sum of transposed", ACCUMULATING, x -> x[0].t().sum(1), Input.normal(31, 7));
        check("sum long rows", ACCUMULATING, x -> x[0].sum(1), Input.normal(3, 4098));
    }

    @Test
    void argmaxAndIntegerOps() {
        Backend b = backend();
        Tensor x = Tensor.on(b).of(new float[] {1, 5, 5, -2, 0, 9, 9, 3}, 2, 4);
        assertArrayEquals(new long[] {1, 1}, x.argmax(1, false).toLongArray());
        assertArrayEquals(new long[] {3, 0}, x.argmin(1, false).toLongArray());
        assertArrayEquals(new long[] {5}, new long[] {x.argmax().toLongArray()[0]});
        Tensor labels = Tensor.on(b).of(new long[] {2, 0, 1}, 3);
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0, 1, 0}, labels.oneHot(3).toFloatArray());
        Tensor ints = Tensor.on(b).of(new int[] {3, -4, 7}, 3);
        assertArrayEquals(new long[] {3, -4, 7}, ints.cast(DType.INT64).toLongArray());
        assertArrayEquals(new float[] {3, -4, 7}, ints.cast(DType.FLOAT32).toFloatArray());
        assertArrayEquals(new long[] {1, -2, 2}, Tensor.on(b).of(new float[] {1.9f, -2.7f, 2.2f}, 3).cast(DType.INT64)
                .toLongArray());
    }

    @Test
    void viewsAndJoins() {
        check("reshape permute", ELEMENTWISE, x -> x[0].reshape(3, 5, 7).permute(2, 0, 1).contiguous().mul(2),
                Input.normal(15, 7));
        check("expand", ELEMENTWISE, x -> x[0].unsqueeze(0).expand(4, 7, 3).mul(x[1]), Input.normal(7, 3),
                Input.normal(4, 7, 3));
        check("narrow chain", ELEMENTWISE, x -> x[0].narrow(0, 1, 5).narrow(1, 3, 4).exp(), Input.normal(7, 13));
        check("concat", ELEMENTWISE, x -> Tensor.concat(1, x[0], x[1].t()), Input.normal(3, 5), Input.normal(7, 3));
        check("stack", ELEMENTWISE, x -> Tensor.stack(0, x[0], x[1]), Input.normal(3, 5), Input.normal(3, 5));
        check("gather", ELEMENTWISE, x -> x[0].gather(1, Tensor.on(x[0].backend()).of(new long[] {0, 2, 2, 1, 0, 0}, 3, 2)),
                Input.normal(3, 4));
        check("index_select", ELEMENTWISE, x -> x[0].indexSelect(0, Tensor.on(x[0].backend()).of(new int[] {2, 0, 2}, 3)),
                Input.normal(4, 5));
        check("scatter_add", ELEMENTWISE, x -> x[0].scatterAdd(0, Tensor.on(x[0].backend())
                .of(new long[] {1, 1, 0, 2, 1, 1}, 2, 3), x[1]), Input.normal(3, 3), Input.normal(2, 3));
    }

    @Test
    void indexOutOfRangeIsAnError() {
        Tensor x = Tensor.on(backend()).zeros(2, 3);
        Tensor index = Tensor.on(backend()).of(new long[] {0, 3}, 2, 1);
        assertThrows(IndexOutOfBoundsException.class, () -> x.gather(1, index).toFloatArray());
    }

    // ---- matrix products -------------------------------------------------------------------

    @Test
    void matmulShapesAndTransposes() {
        int[][] shapes = {{1, 1, 1}, {3, 7, 5}, {13, 31, 7}, {64, 207, 13}, {2, 1021, 3}, {4, 4098, 2}, {64, 784, 33}};
        for (int[] s : shapes) {
            String mkn = s[0] + "x" + s[1] + "x" + s[2];
            check("matmul " + mkn, ACCUMULATING, x -> x[0].matmul(x[1]), Input.normal(s[0], s[1]), Input.normal(s[1], s[2]));
        }
        check("matmul A^T", ACCUMULATING, x -> x[0].t().matmul(x[1]), Input.normal(13, 7), Input.normal(13, 5));
        check("matmul B^T", ACCUMULATING, x -> x[0].matmul(x[1].t()), Input.normal(7, 13), Input.normal(5, 13));
        check("matmul A^T B^T", ACCUMULATING, x -> x[0].t().matmul(x[1].t()), Input.normal(13, 7), Input.normal(5, 13));
        check("matmul vector", ACCUMULATING, x -> x[0].matmul(x[1]), Input.normal(7, 13), Input.normal(13));
        check("dot", ACCUMULATING, x -> x[0].matmul(x[1]), Input.normal(31), Input.normal(31));
        check("batched broadcast", ACCUMULATING, x -> x[0].matmul(x[1]), Input.normal(3, 1, 4, 5), Input.normal(2, 5, 6));
        check("matmul sliced", ACCUMULATING, x -> x[0].narrow(1, 1, 6).matmul(x[1]), Input.normal(5, 9), Input.normal(6, 4));
    }

    // ---- network ops: fused kernels and composites ------------------------------------------

    @Test
    void convolutions() {
        check("conv2d lenet1", ACCUMULATING, x -> Functional.conv2d(x[0], x[1], x[2], 1, 2),
                Input.normal(2, 1, 12, 12), Input.normal(6, 1, 5, 5), Input.normal(6));
        check("conv2d stride pad", ACCUMULATING, x -> Functional.conv2d(x[0], x[1], x[2], 2, 1),
                Input.normal(2, 3, 9, 7), Input.normal(4, 3, 3, 3), Input.normal(4));
        check("conv2d dilation groups", ACCUMULATING, x -> Functional.conv2d(x[0], x[1], null, new int[] {1, 2},
                new int[] {2, 1}, new int[] {2, 1}, 2), Input.normal(2, 4, 8, 9), Input.normal(6, 2, 3, 2));
        check("conv2d non-contiguous input", ACCUMULATING, x -> Functional.conv2d(x[0].permute(0, 1, 3, 2), x[1], null, 1, 0),
                Input.normal(1, 2, 7, 6), Input.normal(3, 2, 3, 3));
        // a short reduction (C*KH*KW = 18) over rows wider than two 8-float vectors: a direct kernel's case
        check("conv2d short reduction, wide rows", ACCUMULATING, x -> Functional.conv2d(x[0], x[1], x[2], 1, 1),
                Input.normal(2, 2, 19, 37), Input.normal(8, 2, 3, 3), Input.normal(8));
        // large enough that a backend may split the output rows into bands (the CPU backend does above 128K column elements)
        check("conv2d large, row bands", ACCUMULATING, x -> Functional.conv2d(x[0], x[1], x[2], 1, 1),
                Input.normal(2, 16, 45, 23), Input.normal(24, 16, 3, 3), Input.normal(24));
        check("conv2d large, stride dilation", ACCUMULATING, x -> Functional.conv2d(x[0], x[1], null, new int[] {2, 2},
                new int[] {1, 1}, new int[] {2, 2}, 1), Input.normal(1, 32, 81, 30), Input.normal(4, 32, 3, 3));
        check("conv2d dilation, stride 1", ACCUMULATING, x -> Functional.conv2d(x[0], x[1], x[2], new int[] {1, 1},
                new int[] {2, 1}, new int[] {2, 1}, 1), Input.normal(2, 3, 9, 11), Input.normal(5, 3, 3, 3),
                Input.normal(5));
        // 32+ channels in and out with stride 1: a backend may run them as an implicit GEMM over bordered
        // planes, forward and input gradient (the CPU backend does); odd channel counts, rows ending
        // mid-tile, dilation, and a border wider than the kernel (no transposed form for the input gradient)
        check("conv2d wide channels", ACCUMULATING, x -> Functional.conv2d(x[0], x[1], x[2], 1, 1),
                Input.normal(3, 32, 9, 13), Input.normal(40, 32, 3, 3), Input.normal(40));
        check("conv2d wide channels, dilation", ACCUMULATING, x -> Functional.conv2d(x[0], x[1], null,
                new int[] {1, 1}, new int[] {1, 0}, new int[] {2, 1}, 1), Input.normal(2, 33, 11, 10),
                Input.normal(36, 33, 3, 2));
        check("conv2d wide channels, 1x1 bordered", ACCUMULATING, x -> Functional.conv2d(x[0], x[1], x[2], 1, 1),
                Input.normal(2, 32, 5, 6), Input.normal(32, 32, 1, 1), Input.normal(32));
        check("conv1d", ACCUMULATING, x -> Functional.conv1d(x[0], x[1], x[2], 2, 1, 1, 1),
                Input.normal(2, 3, 13), Input.normal(5, 3, 3), Input.normal(5));
    }

    @Test
    void pooling() {
        check("max_pool2d", ELEMENTWISE, x -> Functional.maxPool2d(x[0], 2), Input.normal(2, 3, 8, 8));
        check("max_pool2d wide rows", ELEMENTWISE, x -> Functional.maxPool2d(x[0], 2), Input.normal(2, 3, 6, 37));
        check("max_pool2d odd stride pad", ELEMENTWISE, x -> Functional.maxPool2d(x[0], new int[] {3, 3}, new int[] {2, 2},
                new int[] {1, 1}, new int[] {1, 1}), Input.normal(2, 2, 9, 7));
        check("avg_pool2d", ELEMENTWISE, x -> Functional.avgPool2d(x[0], 2), Input.normal(2, 3, 6, 8));
        check("avg_pool2d padded", ELEMENTWISE, x -> Functional.avgPool2d(x[0], new int[] {3, 3}, new int[] {2, 2},
                new int[] {1, 1}, false), Input.normal(1, 2, 7, 7));
        check("avg_pool2d padded count pad", ELEMENTWISE, x -> Functional.avgPool2d(x[0], new int[] {3, 3},
                new int[] {2, 2}, new int[] {1, 1}, true), Input.normal(1, 2, 7, 7));
    }

    @Test
    void softmaxAndCrossEntropy() {
        check("softmax", ELEMENTWISE, x -> Functional.softmax(x[0].mul(5), 1), Input.normal(7, 13));
        check("log_softmax", ELEMENTWISE, x -> Functional.logSoftmax(x[0].mul(5), 1), Input.normal(7, 13));
        check("softmax axis 0", ELEMENTWISE, x -> Functional.softmax(x[0], 0), Input.normal(7, 13));
        check("softmax long row", ACCUMULATING, x -> Functional.softmax(x[0], -1), Input.normal(2, 4098));
        check("cross_entropy", ACCUMULATING, x -> Functional.crossEntropy(x[0].mul(3),
                Tensor.on(x[0].backend()).of(new long[] {0, 9, 3, 3, 7}, 5)), Input.normal(5, 10));
    }

    @Test
    void batchNormAndBiasActivation() {
        check("batch_norm 2d", ACCUMULATING, x -> Functional.batchNorm(x[0], null, null, x[1], x[2], true, 0.1, 1e-5),
                Input.normal(4, 3, 5, 5), Input.normal(3), Input.normal(3));
        check("batch_norm 1d", ACCUMULATING, x -> Functional.batchNorm(x[0], null, null, x[1], x[2], true, 0.1, 1e-5),
                Input.normal(13, 7), Input.normal(7), Input.normal(7));
        check("bias relu", ELEMENTWISE, x -> Functional.biasActivation(x[0], x[1], UnaryOp.RELU, 0),
                Input.normal(5, 7), Input.normal(7));
        check("bias tanh 4d", ELEMENTWISE, x -> Functional.biasActivation(x[0], x[1], UnaryOp.TANH, 0),
                Input.normal(2, 3, 4, 5), Input.normal(3));
        check("bias identity", ELEMENTWISE, x -> Functional.biasActivation(x[0], x[1], null, 0),
                Input.normal(2, 3, 4), Input.normal(3));
    }

    @Test
    void batchNormRunningStatistics() {
        List<double[]> results = new ArrayList<>();
        for (Backend b : List.of(oracle, backend(), PrimitivesOnly.of(backend()))) {
            TensorFactory f = Tensor.on(b);
            Tensor x = f.randn(new Generator(11), 6, 3, 4);
            Tensor mean = f.zeros(3);
            Tensor var = f.ones(3);
            try (GradMode.Scope off = GradMode.noGrad()) {
                Functional.batchNorm(x, mean, var, null, null, true, 0.1, 1e-5);
                Tensor eval = Functional.batchNorm(x, mean, var, null, null, false, 0.1, 1e-5);
                double[] all = new double[6 + (int) eval.numel()];
                System.arraycopy(mean.toDoubleArray(), 0, all, 0, 3);
                System.arraycopy(var.toDoubleArray(), 0, all, 3, 3);
                System.arraycopy(eval.toDoubleArray(), 0, all, 6, (int) eval.numel());
                results.add(all);
            }
        }
        assertClose("batch norm running stats (fused)", results.get(0), results.get(1), ACCUMULATING);
        assertClose("batch norm running stats (composite)", results.get(0), results.get(2), ACCUMULATING);
    }

    // ---- random numbers, memory, whole steps ------------------------------------------------

    @Test
    void philoxStreamMatchesTheReference() {
        for (int n : new int[] {1, 3, 13, 1021}) {
            double[] expected = Tensor.on(oracle).dtype(DType.FLOAT64).rand(new Generator(99, 5), n).toDoubleArray();
            double[] actual = Tensor.on(backend()).rand(new Generator(99, 5), n).toDoubleArray();
            assertClose("uniform " + n, expected, actual, 1e-7);
            expected = Tensor.on(oracle).dtype(DType.FLOAT64).randn(new Generator(7), n).toDoubleArray();
            actual = Tensor.on(backend()).randn(new Generator(7), n).toDoubleArray();
            assertClose("normal " + n, expected, actual, 1e-5);
        }
    }

    @Test
    void memoryReturnsToItsStartAfterAScope() {
        Backend b = backend();
        long before = b.memoryStats().inUse();
        Tensor kept;
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor w = Tensor.on(b).randn(new Generator(1), 64, 32).requiresGrad(true);
            Tensor x = Tensor.on(b).randn(new Generator(2), 16, 64);
            Tensor loss = x.matmul(w).relu().pow(2).mean();
            loss.backward();
            kept = scope.keep(w.grad().mul(1));
        }
        assertEquals(before + 64 * 32 * 4, b.memoryStats().inUse(), "only the kept tensor remains");
        kept.close();
        assertEquals(before, b.memoryStats().inUse());
    }

    @Test
    void lenetTrainingStepLossAndEveryGradient() {
        int[][] shapes = {{6, 1, 5, 5}, {6}, {16, 6, 5, 5}, {16}, {120, 400}, {120}, {84, 120}, {84}, {10, 84}, {10}};
        Input[] inputs = new Input[shapes.length + 1];
        inputs[0] = Input.normal(4, 1, 28, 28);
        for (int i = 0; i < shapes.length; i++) {
            inputs[i + 1] = Input.normal(shapes[i]);
        }
        check("lenet step", 1e-3, p -> {
            Tensor labels = Tensor.on(p[0].backend()).of(new long[] {3, 0, 9, 3}, 4);
            Tensor h = Functional.maxPool2d(Functional.conv2d(p[0], p[1].mul(0.2), p[2], 1, 2).relu(), 2);
            h = Functional.maxPool2d(Functional.conv2d(h, p[3].mul(0.08), p[4], 1, 0).relu(), 2).flatten(1, 3);
            h = h.matmul(p[5].mul(0.06).t()).add(p[6]).relu();
            h = h.matmul(p[7].mul(0.09).t()).add(p[8]).relu();
            return Functional.crossEntropy(h.matmul(p[9].mul(0.1).t()).add(p[10]), labels);
        }, inputs);
    }

    /** Determinism: the same step on the same inputs gives the same bits, before and after the JIT compiles it. */
    @Test
    void repeatedTrainingStepGivesTheSameBits() {
        for (Backend b : List.of(backend(), PrimitivesOnly.of(backend()))) {
            Generator gen = new Generator(11);
            Tensor x = Tensor.on(b).randn(gen, 8, 1, 28, 28);
            Tensor w1 = Tensor.on(b).randn(gen, 8, 1, 5, 5).mul(0.2).requiresGrad(true);
            Tensor gamma = Tensor.on(b).ones(8).requiresGrad(true);
            Tensor beta = Tensor.on(b).zeros(8).requiresGrad(true);
            Tensor w2 = Tensor.on(b).randn(gen, 10, 8 * 14 * 14).mul(0.02).requiresGrad(true);
            Tensor labels = Tensor.on(b).of(new long[] {1, 0, 9, 3, 3, 7, 2, 5}, 8);
            List<Tensor> params = List.of(w1, gamma, beta, w2);
            double[] first = null;
            for (int run = 0; run < 120; run++) {
                try (MemoryScope scope = MemoryScope.open()) {
                    for (Tensor p : params) {
                        p.setGrad(null);
                    }
                    Tensor h = Functional.conv2d(x, w1, null, 1, 2);
                    h = Functional.batchNorm(h, null, null, gamma, beta, true, 0.1, 1e-5).relu();
                    h = Functional.maxPool2d(h, 2).flatten(1, 3);
                    Tensor loss = Functional.crossEntropy(h.matmul(w2.t()), labels).add(h.pow(2).mean().mul(1e-3));
                    loss.backward();
                    List<double[]> parts = new ArrayList<>(List.of(loss.toDoubleArray()));
                    params.forEach(p -> parts.add(p.grad().toDoubleArray()));
                    double[] bits = parts.stream().flatMapToDouble(Arrays::stream).toArray();
                    if (first == null) {
                        first = bits;
                    } else if (!Arrays.equals(first, bits)) {
                        fail(b.name() + ": run " + run + " of the same step gave different bits than run 0");
                    }
                }
            }
        }
    }

    @Test
    void tenAdamStepsMatchTheReference() {
        List<double[]> results = new ArrayList<>();
        for (Backend b : List.of(oracle, backend(), PrimitivesOnly.of(backend()))) {
            DType dtype = b == oracle ? DType.FLOAT64 : DType.FLOAT32;
            TensorFactory f = Tensor.on(b).dtype(dtype);
            Tensor w = f.randn(new Generator(5), 13, 7).requiresGrad(true);
            Tensor x = f.randn(new Generator(6), 31, 13);
            Tensor m = f.zeros(13, 7);
            Tensor v = f.zeros(13, 7);
            for (int step = 1; step <= 10; step++) {
                w.setGrad(null);
                x.matmul(w).tanh().sub(0.3).pow(2).mean().backward();
                try (GradMode.Scope off = GradMode.noGrad()) {
                    Updates.adam(w, w.grad(), m, v, step, 0.01, 0.9, 0.999, 1e-8, step % 2 == 0 ? 0.01 : 0, step > 5);
                }
            }
            results.add(w.toDoubleArray());
        }
        assertClose("adam (fused)", results.get(0), results.get(1), ACCUMULATING);
        assertClose("adam (composite)", results.get(0), results.get(2), ACCUMULATING);
    }

    @Test
    void sgdStepsMatchTheReference() {
        List<double[]> results = new ArrayList<>();
        for (Backend b : List.of(oracle, backend(), PrimitivesOnly.of(backend()))) {
            TensorFactory f = Tensor.on(b).dtype(b == oracle ? DType.FLOAT64 : DType.FLOAT32);
            Tensor w = f.randn(new Generator(5), 9, 4).requiresGrad(true);
            Tensor x = f.randn(new Generator(6), 31, 9);
            Tensor velocity = f.zeros(9, 4);
            for (int step = 0; step < 5; step++) {
                w.setGrad(null);
                x.matmul(w).sigmoid().sum().backward();
                try (GradMode.Scope off = GradMode.noGrad()) {
                    Updates.sgd(w, w.grad(), velocity, 0.05, 0.9, 0.1, 1e-3, step >= 2, step == 0);
                }
            }
            results.add(w.toDoubleArray());
        }
        assertClose("sgd (fused)", results.get(0), results.get(1), ACCUMULATING);
        assertClose("sgd (composite)", results.get(0), results.get(2), ACCUMULATING);
    }

    @Test
    void foreignBuffersAreRejected() {
        Backend b = backend();
        Buffer foreign = oracle.allocate(DType.FLOAT32, 4);
        Buffer own = b.allocate(DType.FLOAT32, 4);
        try {
            if (b instanceof ReferenceBackend) {
                return;   // the oracle's own buffers are not foreign to it
            }
            Exception e = assertThrows(RuntimeException.class,
                    () -> b.unary(UnaryOp.EXP, 0, Strided.contiguous(foreign, 0, 4), Strided.contiguous(own, 0, 4)));
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "a message says what is wrong");
        } finally {
            b.release(own);
            oracle.release(foreign);
        }
    }

    /** For subclasses: the shapes used, for reports. */
    protected static String sizes() {
        return Arrays.toString(SIZES);
    }
}
