package dev.nabla.nn;

import dev.nabla.autodiff.GradMode;
import dev.nabla.backend.Backend;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A network building block with named parameters, buffers (e.g. batch-norm running statistics)
 * and child modules, like PyTorch's {@code nn.Module}. Names nest with dots ({@code conv1.weight}),
 * which is also the key format of {@link #stateDict()} and of safetensors files.
 *
 * <pre>{@code
 * Module model = new Sequential(new Linear(784, 256), new Activation.ReLU(), new Linear(256, 10));
 * Tensor logits = model.call(x);                 // forward() plus hooks
 * model.namedParameters().keySet();              // [0.weight, 0.bias, 2.weight, 2.bias]
 * }</pre>
 *
 * <p>Subclasses register their tensors in the constructor and read them back by name in
 * {@link #forward}, so {@link #to(Backend)} can move a whole model.
 */
public abstract class Module {
    private static final ThreadLocal<BiConsumer<Module, Tensor>> HOOK = new ThreadLocal<>();

    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** The computation; call {@link #call} from other modules so hooks (e.g. {@link #summary}) see it. */
    public abstract Tensor forward(Tensor x);

    /** {@link #forward} plus the current thread's hook, like PyTorch's {@code module(x)}. */
    public final Tensor call(Tensor x) {
        Tensor out = forward(x);
        BiConsumer<Module, Tensor> hook = HOOK.get();
        if (hook != null) {
            hook.accept(this, out);
        }
        return out;
    }

    // ---- registration -----------------------------------------------------------------------

    /** Registers a trainable tensor (it is marked {@code requiresGrad}). */
    protected final Tensor registerParameter(String name, Tensor value) {
        checkName(name);
        parameters.put(name, value.requiresGrad(true));
        return value;
    }

    /** Registers a tensor that is state but not trained (running statistics, counters). */
    protected final Tensor registerBuffer(String name, Tensor value) {
        checkName(name);
        buffers.put(name, value);
        return value;
    }

    /** Registers a child module; its parameters appear under {@code name.}. */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".") || parameters.containsKey(name) || buffers.containsKey(name)
                || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": invalid or repeated name '" + name + "'");
        }
    }

    /** This module's own parameter {@code name}. */
    protected final Tensor param(String name) {
        Tensor t = parameters.get(name);
        if (t == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": no parameter '" + name + "'");
        }
        return t;
    }

    /** This module's own buffer {@code name}. */
    protected final Tensor buffer(String name) {
        return buffers.get(name);
    }

    /** True when this module has its own parameter {@code name}. */
    protected final boolean hasParam(String name) {
        return parameters.containsKey(name);
    }

    /** Direct children in registration order. */
    public final Map<String, Module> children() {
        return java.util.Collections.unmodifiableMap(children);
    }

    // ---- parameters and state -----------------------------------------------------------------

    /** Every parameter, recursively, by dotted name in registration order. */
    public final Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, false);
        return out;
    }

    /** Every parameter, recursively. */
    public final List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Parameters and buffers by dotted name: what a checkpoint or safetensors file holds. */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, true);
        return out;
    }

    private void collect(String prefix, Map<String, Tensor> out, boolean withBuffers) {
        parameters.forEach((k, v) -> out.put(prefix + k, v));
        if (withBuffers) {
            buffers.forEach((k, v) -> out.put(prefix + k, v));
        }
        children.forEach((k, m) -> m.collect(prefix + k + ".", out, withBuffers));
    }

    /**
     * Copies {@code state} into this module's tensors. Every name must exist with the same shape;
     * values are converted to each tensor's dtype and backend. With {@code strict}, missing and
     * unexpected names are errors too. Nothing is written unless everything checks out.
     */
    public final void loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> own = stateDict();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            Tensor target = own.get(e.getKey());
            if (target == null) {
                if (strict) {
                    problems.add("unexpected key '" + e.getKey() + "'");
                }
            } else if (!java.util.Arrays.equals(target.shape(), e.getValue().shape())) {
                problems.add("'" + e.getKey() + "' has shape " + Shapes.str(e.getValue().shape()) + ", the model expects "
                        + Shapes.str(target.shape()));
            } else if (target.dtype().isFloating() != e.getValue().dtype().isFloating()) {
                problems.add("'" + e.getKey() + "' has dtype " + e.getValue().dtype().shortName() + ", the model expects "
                        + target.dtype().shortName());
            }
        }
        if (strict) {
            own.keySet().stream().filter(k -> !state.containsKey(k)).forEach(k -> problems.add("missing key '" + k + "'"));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("loadStateDict: " + String.join("; ", problems));
        }
        try (GradMode.Scope off = GradMode.noGrad()) {
            state.forEach((k, v) -> {
                Tensor target = own.get(k);
                if (target != null) {
                    target.copy_(v.to(target.backend()).cast(target.dtype()));
                }
            });
        }
    }

    /** Number of trainable scalars. */
    public final long parameterCount() {
        return parameters().stream().mapToLong(Tensor::numel).sum();
    }

    /** Clears every parameter's gradient (frees it). */
    public final void zeroGrad() {
        parameters().forEach(p -> p.setGrad(null));
    }

    /** Moves every parameter and buffer to {@code backend} (create optimizers after moving). */
    public Module to(Backend backend) {
        try (GradMode.Scope off = GradMode.noGrad()) {
            parameters.replaceAll((k, v) -> v.backend() == backend ? v : v.to(backend).requiresGrad(true));
            buffers.replaceAll((k, v) -> v.to(backend));
        }
        children.values().forEach(c -> c.to(backend));
        return this;
    }

    /**
     * Casts every floating-point parameter and buffer to {@code dtype}, recursively, like PyTorch's
     * {@code module.to(dtype)} (e.g. float64 for gradient checks); integer buffers are left as they are.
     * Returns this module.
     */
    public Module to(DType dtype) {
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException("Module.to: dtype must be floating point, got " + dtype);
        }
        try (GradMode.Scope off = GradMode.noGrad()) {
            parameters.replaceAll((k, v) -> v.dtype() == dtype ? v : v.cast(dtype).requiresGrad(true));
            buffers.replaceAll((k, v) -> v.dtype().isFloating() ? v.cast(dtype) : v);
        }
        children.values().forEach(c -> c.to(dtype));
        return this;
    }

    // ---- modes --------------------------------------------------------------------------------

    /** Training mode (dropout active, batch norm uses batch statistics), recursively. */
    public final Module train() {
        return train(true);
    }

    /** Evaluation mode, recursively. */
    public final Module eval() {
        return train(false);
    }

    /** Sets the mode recursively. */
    public final Module train(boolean mode) {
        training = mode;
        children.values().forEach(c -> c.train(mode));
        return this;
    }

    /** True in training mode. */
    public final boolean isTraining() {
        return training;
    }

    // ---- description --------------------------------------------------------------------------

    /** Attributes shown in {@link #toString()}, e.g. {@code in=784, out=256}. */
    protected String extraRepr() {
        return "";
    }

    /**
     * A table of every module the forward pass of {@code input} calls, with its output shape and
     * own parameter count, plus totals (like torchsummary / Keras' summary).
     */
    public final String summary(Tensor input) {
        List<String[]> rows = new ArrayList<>();
        Map<Module, String> names = new java.util.IdentityHashMap<>();
        nameTree("", this, names);
        HOOK.set((m, out) -> {
            if (m != this) {
                long own = m.parameters.values().stream().mapToLong(Tensor::numel).sum();
                rows.add(new String[] {names.getOrDefault(m, "?") + " (" + m.getClass().getSimpleName() + ")",
                        Shapes.str(out.shape()), String.format("%,d", own)});
            }
        });
        Tensor out;
        try (GradMode.Scope off = GradMode.noGrad()) {
            out = call(input);
        } finally {
            HOOK.remove();
        }
        StringBuilder sb = new StringBuilder(String.format("%-40s %-22s %12s%n", "layer", "output shape", "parameters"));
        rows.forEach(r -> sb.append(String.format("%-40s %-22s %12s%n", r[0], r[1], r[2])));
        sb.append(String.format("%-40s %-22s %12s%n", "total", Shapes.str(out.shape()), String.format("%,d", parameterCount())));
        return sb.toString();
    }

    private static void nameTree(String prefix, Module m, Map<Module, String> names) {
        m.children.forEach((k, c) -> {
            names.put(c, prefix + k);
            nameTree(prefix + k + ".", c, names);
        });
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(').append(extraRepr());
        if (!children.isEmpty()) {
            sb.append('\n');
            children.forEach((k, c) -> sb.append("  (").append(k).append("): ")
                    .append(c.toString().replace("\n", "\n  ")).append('\n'));
        }
        return sb.append(')').toString();
    }
}
