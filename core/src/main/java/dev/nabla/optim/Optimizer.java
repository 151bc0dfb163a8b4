package dev.nabla.optim;

import dev.nabla.autodiff.GradMode;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their gradients, like {@code torch.optim.Optimizer}. Per-parameter state
 * (momentum buffers, moment estimates, step counts) is kept in tensors on the parameter's backend
 * and can be saved and restored exactly with {@link #stateDict()} / {@link #loadStateDict}.
 *
 * <pre>{@code
 * Optimizer opt = new Adam(model.parameters(), 1e-3);
 * opt.zeroGrad();
 * loss.backward();
 * opt.step();
 * }</pre>
 */
public abstract class Optimizer {
    protected final List<Tensor> params;
    private final List<Map<String, Tensor>> state = new ArrayList<>();
    private final long[] steps;
    private double learningRate;

    protected Optimizer(List<Tensor> params, double learningRate) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": no parameters to optimize");
        }
        if (!(learningRate >= 0)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": learning rate must be >= 0, got " + learningRate);
        }
        for (Tensor p : params) {
            if (!p.requiresGrad() || !p.isLeaf()) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": parameters must be leaf tensors that require grad");
            }
            state.add(new LinkedHashMap<>());
        }
        this.params = List.copyOf(params);
        this.steps = new long[params.size()];
        this.learningRate = learningRate;
    }

    /** Applies one update to every parameter that has a gradient. */
    public final void step() {
        try (GradMode.Scope off = GradMode.noGrad()) {
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                if (p.grad() != null) {
                    steps[i]++;
                    update(i, p, p.grad(), steps[i]);
                }
            }
        }
    }

    /** The rule: update parameter {@code i} given its gradient; {@code step} counts this parameter's updates from 1. */
    protected abstract void update(int i, Tensor param, Tensor grad, long step);

    /** Clears (frees) every parameter's gradient. */
    public final void zeroGrad() {
        params.forEach(p -> p.setGrad(null));
    }

    /** The current learning rate. */
    public final double learningRate() {
        return learningRate;
    }

    /** Sets the learning rate (schedules call this). */
    public final void setLearningRate(double lr) {
        learningRate = lr;
    }

    /** The parameters, in order. */
    public final List<Tensor> parameters() {
        return params;
    }

    /** Parameter {@code i}'s state tensor {@code name}, created zero-filled like the parameter on first use. */
    protected final Tensor state(int i, String name) {
        return state.get(i).computeIfAbsent(name, k -> detachedZeros(params.get(i)));
    }

    /** True once parameter {@code i} has state {@code name}. */
    protected final boolean hasState(int i, String name) {
        return state.get(i).containsKey(name);
    }

    private static Tensor detachedZeros(Tensor like) {
        // State outlives the training step's MemoryScope: the optimizer owns it.
        return dev.nabla.tensor.MemoryScope.escape(like.zerosLike(like.shape()));
    }

    /** Every state tensor as {@code "<param index>.<name>"}, plus {@code "<param index>.step"} counters and the learning rate. */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            int index = i;
            state.get(i).forEach((k, v) -> out.put(index + "." + k, v));
            out.put(i + ".step", Tensor.on(params.get(i).backend()).of(new long[] {steps[i]}));
        }
        out.put("lr", Tensor.on(params.get(0).backend()).dtype(DType.FLOAT64).full(learningRate));
        return out;
    }

    /** Restores what {@link #stateDict()} saved; shapes must match the parameters. */
    public final void loadStateDict(Map<String, Tensor> saved) {
        for (Map.Entry<String, Tensor> e : saved.entrySet()) {
            String key = e.getKey();
            if (key.equals("lr")) {
                continue;
            }
            int dot = key.indexOf('.');
            int i;
            try {
                i = Integer.parseInt(key.substring(0, Math.max(dot, 0)));
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("optimizer state: unexpected key '" + key + "'");
            }
            if (i < 0 || i >= params.size()) {
                throw new IllegalArgumentException("optimizer state: key '" + key + "' names parameter " + i + " of "
                        + params.size());
            }
            if (!key.endsWith(".step") && !java.util.Arrays.equals(e.getValue().shape(), params.get(i).shape())) {
                throw new IllegalArgumentException("optimizer state: '" + key + "' has shape "
                        + java.util.Arrays.toString(e.getValue().shape()) + ", parameter " + i + " has "
                        + java.util.Arrays.toString(params.get(i).shape()));
            }
        }
        try (GradMode.Scope off = GradMode.noGrad()) {
            for (Map.Entry<String, Tensor> e : saved.entrySet()) {
                String key = e.getKey();
                if (key.equals("lr")) {
                    learningRate = e.getValue().item();
                    continue;
                }
                int i = Integer.parseInt(key.substring(0, key.indexOf('.')));
                String name = key.substring(key.indexOf('.') + 1);
                if (name.equals("step")) {
                    steps[i] = (long) e.getValue().item();
                } else {
                    state(i, name).copy_(e.getValue().to(params.get(i).backend()).cast(params.get(i).dtype()));
                }
            }
        }
    }
}
