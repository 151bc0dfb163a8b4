package dev.nabla.optim;

/**
 * A learning-rate schedule as a pure function of the epoch (0-based) and the base rate, so that a
 * resumed job gets exactly the rate it would have had (PyTorch's closed forms).
 *
 * <pre>{@code
 * Schedule s = Schedule.warmup(2, 0.1, Schedule.cosine(30, 0));
 * optimizer.setLearningRate(s.rate(epoch, 0.05));      // at the start of each epoch
 * }</pre>
 */
@FunctionalInterface
public interface Schedule {
    /** The learning rate for {@code epoch}. */
    double rate(int epoch, double base);

    /** A constant rate. */
    static Schedule constant() {
        return (epoch, base) -> base;
    }

    /** StepLR: multiply by {@code gamma} every {@code stepSize} epochs. */
    static Schedule step(int stepSize, double gamma) {
        if (stepSize <= 0) {
            throw new IllegalArgumentException("step schedule: step size must be positive, got " + stepSize);
        }
        return (epoch, base) -> base * Math.pow(gamma, epoch / stepSize);
    }

    /** ExponentialLR: {@code base * gamma^epoch}. */
    static Schedule exponential(double gamma) {
        return (epoch, base) -> base * Math.pow(gamma, epoch);
    }

    /** CosineAnnealingLR: {@code etaMin + (base - etaMin)(1 + cos(pi epoch / tMax)) / 2}, held at etaMin after tMax. */
    static Schedule cosine(int tMax, double etaMin) {
        if (tMax <= 0) {
            throw new IllegalArgumentException("cosine schedule: tMax must be positive, got " + tMax);
        }
        return (epoch, base) -> etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * Math.min(epoch, tMax) / tMax)) / 2;
    }

    /**
     * Linear warm-up from {@code startFactor * base} to {@code base} over {@code epochs} epochs, then
     * {@code after} (counting its epochs from the end of the warm-up).
     */
    static Schedule warmup(int epochs, double startFactor, Schedule after) {
        return (epoch, base) -> epoch < epochs
                ? base * (startFactor + (1 - startFactor) * epoch / (double) epochs)
                : after.rate(epoch - epochs, base);
    }
}
