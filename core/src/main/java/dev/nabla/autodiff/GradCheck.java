package dev.nabla.autodiff;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.TensorFactory;
import java.util.function.Function;

/**
 * Checks a function's autograd gradients against central finite differences in float64, like
 * PyTorch's {@code gradcheck}: the output is reduced to a scalar with fixed random weights, so every
 * output element's gradient is exercised.
 *
 * <pre>{@code
 * TensorFactory f64 = Tensor.on(backend).dtype(DType.FLOAT64);
 * Tensor x = f64.randn(new Generator(1), 3, 4);
 * GradCheck.Result r = GradCheck.check(in -> in[0].t().exp(), x);
 * assert r.passed() : r;
 * }</pre>
 */
public final class GradCheck {
    /** Step of the central difference. */
    public static final double EPS = 1e-6;
    /** Absolute tolerance. */
    public static final double ATOL = 1e-5;
    /** Relative tolerance. */
    public static final double RTOL = 1e-3;

    private GradCheck() {
    }

    /**
     * The outcome: the worst element (input index and flat element index) and its analytic and
     * numeric values.
     */
    public record Result(boolean passed, int input, int element, double analytic, double numeric, double maxError) {
        @Override
        public String toString() {
            return (passed ? "gradcheck passed" : "gradcheck FAILED") + ": worst at input " + input + " element " + element
                    + ": analytic " + analytic + " vs numeric " + numeric + " (error " + maxError + ")";
        }
    }

    /**
     * Compares the gradient of {@code sum(f(inputs) * r)} (fixed random {@code r}) with respect to every
     * float64 input with finite differences. Inputs are leaves; integer inputs (indices) are passed
     * through unchanged.
     */
    public static Result check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        Tensor[] leaves = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor x = inputs[i];
            if (x.dtype().isFloating() && x.dtype() != DType.FLOAT64) {
                throw new IllegalArgumentException("gradcheck: input " + i + " is " + x.dtype().shortName()
                        + "; finite differences need float64");
            }
            leaves[i] = x.dtype().isFloating() ? x.detach().contiguousCopy().requiresGrad(true) : x;
        }
        Tensor out = f.apply(leaves);
        TensorFactory f64 = Tensor.on(out.backend()).dtype(DType.FLOAT64);
        Tensor weights = f64.randn(new Generator(0x5EEDL), out.shape());
        out.mul(weights).sum().backward();

        Result worst = new Result(true, -1, -1, 0, 0, 0);
        double worstExcess = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < leaves.length; i++) {
            if (!leaves[i].dtype().isFloating()) {
                continue;
            }
            double[] analytic = leaves[i].grad() == null ? new double[(int) leaves[i].numel()] : leaves[i].grad().toDoubleArray();
            double[] values = leaves[i].toDoubleArray();
            for (int e = 0; e < values.length; e++) {
                double numeric = (evaluate(f, leaves, weights, i, values, e, EPS) - evaluate(f, leaves, weights, i, values, e, -EPS))
                        / (2 * EPS);
                double error = Math.abs(analytic[e] - numeric);
                double excess = error - (ATOL + RTOL * Math.abs(numeric));
                if (!(excess <= worstExcess) || Double.isNaN(error)) {
                    worstExcess = Double.isNaN(error) ? Double.POSITIVE_INFINITY : excess;
                    worst = new Result(!(excess > 0) && !Double.isNaN(error), i, e, analytic[e], numeric, error);
                }
            }
        }
        return worst;
    }

    /** {@code sum(f(inputs with element e of input i shifted by delta) * weights)}, without recording. */
    private static double evaluate(Function<Tensor[], Tensor> f, Tensor[] leaves, Tensor weights, int i, double[] values,
                                   int e, double delta) {
        try (GradMode.Scope off = GradMode.noGrad()) {
            double[] shifted = values.clone();
            shifted[e] += delta;
            Tensor[] args = leaves.clone();
            args[i] = Tensor.on(leaves[i].backend()).of(shifted, leaves[i].shape());
            return f.apply(args).mul(weights).sum().item();
        }
    }
}
