package dev.nabla.cli.job;

import dev.nabla.optim.Adagrad;
import dev.nabla.optim.Adam;
import dev.nabla.optim.AdamW;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.RMSprop;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code optimizer:} section: a type and its hyper-parameters, with PyTorch's defaults.
 * Only the fields of the chosen type are allowed ({@link #FIELDS}).
 */
public record OptimizerSection(String type, double lr, double momentum, double dampening, boolean nesterov,
                               double weightDecay, double beta1, double beta2, double eps, double alpha,
                               boolean centered, double lrDecay, double initialAccumulator) {

    /** The fields each optimizer type accepts (besides {@code type}). */
    public static final Map<String, Set<String>> FIELDS = Map.of(
            "sgd", Set.of("lr", "momentum", "dampening", "nesterov", "weight_decay"),
            "adam", Set.of("lr", "beta1", "beta2", "eps", "weight_decay"),
            "adamw", Set.of("lr", "beta1", "beta2", "eps", "weight_decay"),
            "rmsprop", Set.of("lr", "alpha", "eps", "weight_decay", "momentum", "centered"),
            "adagrad", Set.of("lr", "lr_decay", "weight_decay", "initial_accumulator", "eps"));

    /** Reads and checks the section; {@code lr} is required for SGD only, as in PyTorch. */
    static OptimizerSection parse(Section parent) {
        parent.require("optimizer");
        Section any = Section.lenient(parent.raw("optimizer"), parent.path("optimizer"), parent.base());
        any.require("type");
        String type = any.choice("type", null, List.of("sgd", "adam", "adamw", "rmsprop", "adagrad"));
        Set<String> allowed = new java.util.HashSet<>(FIELDS.get(type));
        allowed.add("type");
        Section s = Section.of(parent.raw("optimizer"), parent.path("optimizer"), parent.base(), allowed);
        if (type.equals("sgd")) {
            s.require("lr");
        }
        double defaultLr = switch (type) {
            case "adam", "adamw" -> 1e-3;
            default -> 0.01;
        };
        double lr = s.positive("lr", defaultLr);
        double momentum = s.range("momentum", 0, 0, 1, true);
        double dampening = s.range("dampening", 0, 0, 1, false);
        boolean nesterov = s.bool("nesterov", false);
        if (nesterov && (momentum == 0 || dampening != 0)) {
            throw s.error("nesterov", "needs a momentum > 0 and no dampening");
        }
        return new OptimizerSection(type, lr, momentum, dampening, nesterov,
                s.nonNegative("weight_decay", type.equals("adamw") ? 0.01 : 0),
                s.range("beta1", 0.9, 0, 1, true), s.range("beta2", 0.999, 0, 1, true),
                s.nonNegative("eps", type.equals("adagrad") ? 1e-10 : 1e-8), s.range("alpha", 0.99, 0, 1, false),
                s.bool("centered", false), s.nonNegative("lr_decay", 0), s.nonNegative("initial_accumulator", 0));
    }

    /** The optimizer over {@code params}. */
    public Optimizer create(List<Tensor> params) {
        return switch (type) {
            case "sgd" -> new SGD(params, lr, momentum, dampening, weightDecay, nesterov);
            case "adam" -> new Adam(params, lr, beta1, beta2, eps, weightDecay);
            case "adamw" -> new AdamW(params, lr, beta1, beta2, eps, weightDecay);
            case "rmsprop" -> new RMSprop(params, lr, alpha, eps, weightDecay, momentum, centered);
            case "adagrad" -> new Adagrad(params, lr, lrDecay, weightDecay, initialAccumulator, eps);
            default -> throw new IllegalStateException("unhandled optimizer " + type);
        };
    }

    /** One line for logs, e.g. {@code sgd lr 0.05 momentum 0.9}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(type).append(" lr ").append(lr);
        if (momentum > 0) {
            sb.append(" momentum ").append(momentum);
        }
        if (weightDecay > 0) {
            sb.append(" weight decay ").append(weightDecay);
        }
        return sb.toString();
    }
}
