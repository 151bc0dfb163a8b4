package dev.nabla.nn;

import dev.nabla.autodiff.FusedRule;
import dev.nabla.autodiff.GradMode;
import dev.nabla.autodiff.Op;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Recorder;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import java.util.Collection;

/**
 * Loss functions with PyTorch's definitions and reductions ({@code torch.nn.functional}), and the
 * L1/L2 weight penalties.
 *
 * <pre>{@code
 * Tensor loss = Losses.crossEntropy(logits, labels, Reduction.MEAN)
 *         .add(Losses.l2Penalty(model.parameters()).mul(1e-4));
 * }</pre>
 */
public final class Losses {
    /** PyTorch clamps log-probabilities in binary cross-entropy at -100 so that p = 0 or 1 stays finite. */
    private static final double LOG_FLOOR = -100;
    /** The floor of {@code p (1 - p)} in PyTorch's binary cross-entropy backward. */
    private static final double BCE_EPSILON = 1e-12;

    private Losses() {
    }

    /** Mean squared error {@code (x - y)^2}. */
    public static Tensor mse(Tensor input, Tensor target, Reduction reduction) {
        sameShape("mse_loss", input, target);
        Tensor d = input.sub(target);
        return reduction.apply(d.mul(d));
    }

    /** Mean absolute error {@code |x - y|}. */
    public static Tensor l1(Tensor input, Tensor target, Reduction reduction) {
        sameShape("l1_loss", input, target);
        return reduction.apply(input.sub(target).abs());
    }

    /** Huber: {@code 0.5 d^2} where {@code |d| < delta}, else {@code delta (|d| - delta/2)}. */
    public static Tensor huber(Tensor input, Tensor target, double delta, Reduction reduction) {
        sameShape("huber_loss", input, target);
        if (!(delta > 0)) {
            throw new IllegalArgumentException("huber_loss: delta must be positive, got " + delta);
        }
        Tensor d = input.sub(target);
        Tensor a = d.abs();
        return reduction.apply(Tensor.where(a.lt(delta), d.mul(d).mul(0.5), a.sub(delta / 2).mul(delta)));
    }

    /** Binary cross-entropy of probabilities {@code p} in [0, 1]; log terms floored at -100 as in PyTorch. */
    public static Tensor binaryCrossEntropy(Tensor p, Tensor target, Reduction reduction) {
        sameShape("binary_cross_entropy", p, target);
        Tensor logP;
        Tensor log1mP;
        Tensor values;
        try (GradMode.Scope off = GradMode.noGrad()) {
            logP = flooredLog(p);
            log1mP = flooredLog(p.neg().add(1));
            values = target.mul(logP).add(target.neg().add(1).mul(log1mP)).neg();
        }
        // PyTorch's own backward: d/dp = (p - t) / max(p (1 - p), 1e-12), finite (0 where p = t = 0 or 1);
        // d/dt = log(1 - p) - log(p) with the same floored logs as the value.
        FusedRule rule = (node, grad) -> new Tensor[] {
                p.requiresGrad() ? p.sub(target).div(p.mul(p.neg().add(1)).maximum(full(p, BCE_EPSILON))).mul(grad) : null,
                target.requiresGrad() ? log1mP.sub(logP).mul(grad) : null};
        return reduction.apply(Recorder.record(values, Op.FUSED, "binary_cross_entropy", new Tensor[] {p, target}, null, 0,
                rule));
    }

    /**
     * {@code max(log q, -100)}, never taking the log of 0.
     */
    private static Tensor flooredLog(Tensor q) {
        Tensor floor = full(q, LOG_FLOOR);
        Tensor positive = q.gt(0);
        return Tensor.where(positive, Tensor.where(positive, q, full(q, 1)).log(), floor).maximum(floor);
    }

    /** A scalar of {@code like}'s dtype and backend. */
    private static Tensor full(Tensor like, double value) {
        return Tensor.on(like.backend()).dtype(like.dtype()).full(value);
    }

    /** Binary cross-entropy on logits, {@code softplus(x) - x y}: never overflows. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target, Reduction reduction) {
        sameShape("binary_cross_entropy_with_logits", logits, target);
        return reduction.apply(logits.softplus().sub(logits.mul(target)));
    }

    /** Cross-entropy of logits {@code (N, C)} against class indices {@code (N)}. */
    public static Tensor crossEntropy(Tensor logits, Tensor labels, Reduction reduction) {
        return reduction.apply(Functional.crossEntropyPerSample(logits, labels));
    }

    /** Cross-entropy of logits {@code (N, C)} against soft or one-hot targets {@code (N, C)}: {@code -sum(t log softmax(x))} per sample. */
    public static Tensor crossEntropySoft(Tensor logits, Tensor targetProbabilities, Reduction reduction) {
        sameShape("cross_entropy", logits, targetProbabilities);
        return reduction.apply(Functional.logSoftmax(logits, 1).mul(targetProbabilities).sum(1).neg());
    }

    /** Negative log-likelihood of log-probabilities {@code (N, C)} at class indices {@code (N)}. */
    public static Tensor nll(Tensor logProbabilities, Tensor labels, Reduction reduction) {
        if (logProbabilities.rank() != 2 || labels.rank() != 1 || labels.size(0) != logProbabilities.size(0)) {
            throw new IllegalArgumentException("nll_loss: expects log-probabilities (N, C) and labels (N), got "
                    + Arrays.toString(logProbabilities.shape()) + " and " + Arrays.toString(labels.shape()));
        }
        return reduction.apply(logProbabilities.gather(1, labels.cast(DType.INT64).unsqueeze(1)).squeeze(1).neg());
    }

    /**
     * KL divergence with PyTorch's convention: {@code input} holds log-probabilities, {@code target}
     * probabilities; element value {@code t (log t - input)}, 0 where {@code t = 0}. Use
     * {@link Reduction#BATCHMEAN} for the true KL per sample.
     */
    public static Tensor klDiv(Tensor logInput, Tensor target, Reduction reduction) {
        sameShape("kl_div", logInput, target);
        Tensor positive = target.gt(0);
        Tensor safeTarget = Tensor.where(positive, target, Tensor.on(target.backend()).dtype(target.dtype()).full(1));
        Tensor terms = target.mul(safeTarget.log().sub(logInput));
        return reduction.apply(Tensor.where(positive, terms, Tensor.on(target.backend()).dtype(target.dtype()).zeros()));
    }

    /** {@code sum |w|} over all given tensors (the L1 penalty; multiply by its strength). */
    public static Tensor l1Penalty(Collection<Tensor> weights) {
        return weights.stream().map(w -> w.abs().sum()).reduce(Tensor::add).orElseThrow(() ->
                new IllegalArgumentException("l1_penalty: no weights"));
    }

    /** {@code sum w^2} over all given tensors (the L2 penalty; weight decay {@code wd} equals penalty strength {@code wd/2}). */
    public static Tensor l2Penalty(Collection<Tensor> weights) {
        return weights.stream().map(w -> w.mul(w).sum()).reduce(Tensor::add).orElseThrow(() ->
                new IllegalArgumentException("l2_penalty: no weights"));
    }

    private static void sameShape(String op, Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(op + ": input " + Arrays.toString(a.shape()) + " and target "
                    + Arrays.toString(b.shape()) + " differ in shape");
        }
    }
}
