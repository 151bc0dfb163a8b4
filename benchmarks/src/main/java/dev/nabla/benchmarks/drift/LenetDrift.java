package dev.nabla.benchmarks.drift;

import dev.nabla.autodiff.GradMode;
import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.backend.PrimitivesOnly;
import dev.nabla.data.Batch;
import dev.nabla.data.DataLoader;
import dev.nabla.data.Dataset;
import dev.nabla.data.Epoch;
import dev.nabla.data.FashionMnist;
import dev.nabla.nn.Functional;
import dev.nabla.nn.ModelSpec;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.MemoryScope;
import dev.nabla.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Diagnostic: how fast do two LeNet-5 trainings on Fashion-MNIST drift apart when they differ only in
 * floating-point rounding? It builds the {@code lenet5} preset exactly as {@code nabla example lenet5} does
 * (init {@code Generator(seed)}, SGD lr 0.05 momentum 0.9, batch 64, the shuffled order of
 * {@link DataLoader} with the same seed) once per <em>run</em>, steps all runs in lockstep on identical
 * batches, and every {@code every} steps prints, for each run against the first (the base): the relative L2
 * distance of all parameters ({@code ||a-b|| / ||a||}), the largest per-tensor relative L2 distance (and its
 * tensor), the relative difference of the batch loss, and how many of the batch's predicted classes differ.
 *
 * <p>Runs: {@code cpu}, {@code opencl}, {@code reference} (float32), {@code ref64} (the scalar reference
 * backend in float64: the "exact" run), a {@code -prim} suffix for {@link PrimitivesOnly} (core's composites
 * instead of fused kernels), a {@code +ulpK} suffix to move one weight of the first convolution up by one ulp
 * after init. Each run builds its own initial weights on its own backend (as the example does) unless
 * {@code shared=1}, which copies the base's initial weights into every run.
 *
 * <p>Mode {@code layers}: one forward/backward pass on the first batch from one shared set of weights, every
 * run compared with {@code ref64}: each layer's output (chained, and "local": the layer fed the float64
 * activations rounded to float32, which isolates the op's own error), the loss, and each parameter's
 * gradient relative to that gradient's norm.
 *
 * <p>Mode {@code repeat}: the same forward/backward pass (first batch, initial weights) {@code steps} times on
 * each run; prints the first iteration at which a layer output, the loss or a gradient is not bitwise equal
 * to iteration 1's. A deterministic backend never prints a change; one whose rounding depends on JIT state
 * (interpreted vs compiled Vector API code) does, after warm-up.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp ... dev.nabla.benchmarks.drift.LenetDrift \
 *     drift steps=300 every=10 seed=1 cpu opencl cpu+ulp cpu-prim
 * java ... LenetDrift layers seed=1 ref64 cpu opencl cpu-prim opencl-prim
 * </pre>
 */
public final class LenetDrift {
    private static final double LR = 0.05;
    private static final double MOMENTUM = 0.9;
    private static final int BATCH = 64;

    private LenetDrift() {
    }

    /** One training: its backend, dtype, model and optimizer. */
    private static final class Run {
        final String label;
        final Backend backend;
        final DType dtype;
        final Sequential model;
        SGD optimizer;
        double loss;
        int[] predictions;

        Run(String label, Backend backend, DType dtype, Sequential model) {
            this.label = label;
            this.backend = backend;
            this.dtype = dtype;
            this.model = model;
        }
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "drift";
        Map<String, String> opts = new LinkedHashMap<>();
        List<String> labels = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq > 0) {
                opts.put(args[i].substring(0, eq), args[i].substring(eq + 1));
            } else {
                labels.add(args[i]);
            }
        }
        long seed = Long.parseLong(opts.getOrDefault("seed", "1"));
        int steps = Integer.parseInt(opts.getOrDefault("steps", "100"));
        int every = Integer.parseInt(opts.getOrDefault("every", "10"));
        boolean shared = opts.getOrDefault("shared", mode.equals("layers") ? "1" : "0").equals("1");
        Path dir = Path.of(opts.getOrDefault("data", FashionMnist.DEFAULT_DIR.toString()));
        if (labels.size() < 2) {
            labels = mode.equals("layers") ? List.of("ref64", "cpu", "opencl") : List.of("cpu", "opencl");
        }
        List<Run> runs = new ArrayList<>();
        for (String label : labels) {
            runs.add(build(label, seed));
        }
        Run base = runs.get(0);
        if (shared) {
            for (Run r : runs.subList(1, runs.size())) {
                r.model.loadStateDict(base.model.stateDict(), true);
                if (r.label.contains("+ulp")) {
                    perturb(r);
                }
            }
        }
        Dataset train = FashionMnist.train(dir);
        DataLoader loader = DataLoader.builder(train).batchSize(BATCH).shuffle(true).seed(seed)
                .backend(Backends.get("cpu")).build();
        System.out.printf(Locale.ROOT, "# LenetDrift %s seed=%d shared-init=%s base=%s runs=%s%n", mode, seed, shared,
                base.label, labels);
        if (mode.equals("layers")) {
            layers(runs, loader);
        } else if (mode.equals("repeat")) {
            repeat(runs, loader, steps);
        } else {
            drift(runs, loader, steps, every);
            if (opts.getOrDefault("eval", "0").equals("1")) {
                evaluate(runs, FashionMnist.test(dir));
            }
        }
        System.exit(0);
    }

    private static Run build(String label, long seed) {
        String name = label.replaceAll("\\+ulp\\d*$", "");
        boolean primitives = name.endsWith("-prim");
        name = name.replace("-prim", "");
        DType dtype = DType.FLOAT32;
        if (name.equals("ref64")) {
            name = "reference";
            dtype = DType.FLOAT64;
        }
        Backend backend = Backends.get(name);
        if (primitives) {
            backend = PrimitivesOnly.of(backend);
        }
        Sequential model;
        try (Backends.Scope scope = Backends.use(backend)) {
            Generator.manualSeed(seed + 1);
            model = ModelSpec.preset("lenet5", Map.of()).build(new Generator(seed));
        }
        if (dtype == DType.FLOAT64) {
            model.to(dtype);
        }
        Run run = new Run(label, backend, dtype, model);
        if (label.contains("+ulp")) {
            perturb(run);
        }
        return run;
    }

    /**
     * Moves one weight of the first convolution, {@code 0.weight[37 k]} ({@code k} from the label, {@code +ulpK}),
     * up by one float32 ulp. (A first-layer weight always feeds the output; a weight of a dead input would not.)
     */
    private static void perturb(Run run) {
        String digits = run.label.substring(run.label.indexOf("+ulp") + 4);
        int k = digits.isEmpty() ? 0 : Integer.parseInt(digits) * 37 % 150;
        Tensor w = run.model.namedParameters().get("0.weight");
        float[] values = w.toFloatArray();
        values[k] = Math.nextUp(values[k]);
        try (GradMode.Scope off = GradMode.noGrad()) {
            w.copy_(Tensor.on(run.backend).of(values, w.shape()).cast(w.dtype()));
        }
    }

    // ---- lockstep training ----------------------------------------------------------------------

    private static void drift(List<Run> runs, DataLoader loader, int steps, int every) {
        for (Run r : runs) {
            r.model.train();
            r.optimizer = new SGD(r.model.parameters(), LR, MOMENTUM);
        }
        Run base = runs.get(0);
        System.out.printf(Locale.ROOT, "%-14s %5s %10s %10s %-10s %10s %6s %8s%n", "run-vs-" + base.label, "step",
                "param-rel", "max-tensor", "(tensor)", "loss-rel", "pred≠", "loss");
        report(runs, 0, false);
        long started = System.nanoTime();
        try (Epoch epoch = loader.epoch(0)) {
            for (int step = 1; step <= steps && epoch.hasNext(); step++) {
                try (Batch batch = epoch.next()) {
                    for (Run r : runs) {
                        trainStep(r, batch);
                    }
                }
                if (step % every == 0 || step == 1 || step == steps) {
                    report(runs, step, true);
                }
            }
        }
        System.out.printf(Locale.ROOT, "# %d steps in %.1f s%n", steps, (System.nanoTime() - started) / 1e9);
    }

    /** Test-set accuracy of every run (batches of 500, evaluation mode, no gradients). */
    private static void evaluate(List<Run> runs, Dataset test) {
        DataLoader loader = DataLoader.builder(test).batchSize(500).backend(Backends.get("cpu")).build();
        int[][] predictions = new int[runs.size()][test.size()];
        int[] correct = new int[runs.size()];
        try (Epoch epoch = loader.epoch(0); GradMode.Scope off = GradMode.noGrad()) {
            int at = 0;
            while (epoch.hasNext()) {
                try (Batch batch = epoch.next(); MemoryScope scope = MemoryScope.open()) {
                    double[] labels = batch.labels().toDoubleArray();
                    for (int j = 0; j < runs.size(); j++) {
                        Run r = runs.get(j);
                        r.model.eval();
                        double[] p = r.model.call(batch.x().to(r.backend).cast(r.dtype)).argmax(1, false).toDoubleArray();
                        for (int i = 0; i < p.length; i++) {
                            predictions[j][at + i] = (int) p[i];
                            correct[j] += (int) p[i] == (int) labels[i] ? 1 : 0;
                        }
                    }
                    at += labels.length;
                }
            }
        }
        for (int j = 0; j < runs.size(); j++) {
            int differ = 0;
            for (int i = 0; i < test.size(); i++) {
                differ += predictions[j][i] != predictions[0][i] ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "test %-12s accuracy %.2f%%  (%d of %d test predictions differ from %s)%n",
                    runs.get(j).label, 100.0 * correct[j] / test.size(), differ, test.size(), runs.get(0).label);
        }
    }

    private static void trainStep(Run r, Batch batch) {
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor x = batch.x().to(r.backend).cast(r.dtype);
            Tensor labels = batch.labels().to(r.backend);
            Tensor out = r.model.call(x);
            Tensor l = Functional.crossEntropy(out, labels);
            r.optimizer.zeroGrad();
            l.backward();
            r.optimizer.step();
            r.loss = l.item();
            try (GradMode.Scope off = GradMode.noGrad()) {
                double[] p = out.argmax(1, false).toDoubleArray();
                r.predictions = new int[p.length];
                for (int i = 0; i < p.length; i++) {
                    r.predictions[i] = (int) p[i];
                }
            }
        }
    }

    private static void report(List<Run> runs, int step, boolean withLoss) {
        Run base = runs.get(0);
        Map<String, Tensor> bp = base.model.namedParameters();
        for (Run r : runs.subList(1, runs.size())) {
            Map<String, Tensor> rp = r.model.namedParameters();
            double num = 0;
            double den = 0;
            double worst = 0;
            String worstName = "";
            for (Map.Entry<String, Tensor> e : bp.entrySet()) {
                double[] a = e.getValue().toDoubleArray();
                double[] b = rp.get(e.getKey()).toDoubleArray();
                double n = 0;
                double d = 0;
                for (int i = 0; i < a.length; i++) {
                    n += (a[i] - b[i]) * (a[i] - b[i]);
                    d += a[i] * a[i];
                }
                num += n;
                den += d;
                double rel = Math.sqrt(n / Math.max(d, 1e-300));
                if (rel > worst) {
                    worst = rel;
                    worstName = e.getKey();
                }
            }
            String loss = "-";
            String preds = "-";
            if (withLoss) {
                loss = String.format(Locale.ROOT, "%10.3e", Math.abs(r.loss - base.loss) / Math.abs(base.loss));
                int differ = 0;
                for (int i = 0; i < base.predictions.length; i++) {
                    differ += base.predictions[i] != r.predictions[i] ? 1 : 0;
                }
                preds = Integer.toString(differ);
            }
            System.out.printf(Locale.ROOT, "%-14s %5d %10.3e %10.3e %-10s %10s %6s %8.4f%n", r.label, step,
                    Math.sqrt(num / den), worst, worstName, loss, preds, withLoss ? r.loss : Double.NaN);
        }
    }

    // ---- the same pass, repeated -------------------------------------------------------------

    private static void repeat(List<Run> runs, DataLoader loader, int iterations) {
        Batch batch;
        try (Epoch epoch = loader.epoch(0)) {
            batch = epoch.next();
        }
        for (Run r : runs) {
            Map<String, double[]> first = null;
            Map<String, Integer> changedAt = new LinkedHashMap<>();
            for (int it = 1; it <= iterations; it++) {
                Map<String, double[]> now = new LinkedHashMap<>();
                try (MemoryScope scope = MemoryScope.open()) {
                    Tensor h = batch.x().to(r.backend).cast(r.dtype);
                    for (int i = 0; i < r.model.size(); i++) {
                        h = r.model.get(i).call(h);
                        now.put("out" + i + ":" + r.model.get(i).getClass().getSimpleName(), h.toDoubleArray());
                    }
                    Tensor l = Functional.crossEntropy(h, batch.labels().to(r.backend));
                    r.model.zeroGrad();
                    l.backward();
                    now.put("loss", new double[] {l.item()});
                    r.model.namedParameters().forEach((k, v) -> now.put("grad " + k, v.grad().toDoubleArray()));
                }
                if (first == null) {
                    first = now;
                    continue;
                }
                for (Map.Entry<String, double[]> e : now.entrySet()) {
                    if (!changedAt.containsKey(e.getKey()) && !java.util.Arrays.equals(first.get(e.getKey()), e.getValue())) {
                        changedAt.put(e.getKey(), it);
                        System.out.printf(Locale.ROOT, "%-10s iteration %4d: %-22s differs from iteration 1 (rel-L2 %.2e)%n",
                                r.label, it, e.getKey(), relL2(first.get(e.getKey()), e.getValue()));
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%-10s %d iterations: %d of %d tensors changed%n", r.label, iterations,
                    changedAt.size(), first.size());
        }
    }

    // ---- one step, layer by layer ---------------------------------------------------------------

    private static void layers(List<Run> runs, DataLoader loader) {
        Run ref = runs.get(0);
        Batch batch;
        try (Epoch epoch = loader.epoch(0)) {
            batch = epoch.next();
        }
        int n = ref.model.size();
        // the reference's activations (layer inputs/outputs) in its own dtype
        List<double[]> refActs = new ArrayList<>();
        List<Tensor> refTensors = new ArrayList<>();
        Tensor h = batch.x().to(ref.backend).cast(ref.dtype);
        refTensors.add(h);
        for (int i = 0; i < n; i++) {
            h = ref.model.get(i).call(h);
            refTensors.add(h);
            refActs.add(h.toDoubleArray());
        }
        Tensor refLoss = Functional.crossEntropy(h, batch.labels().to(ref.backend));
        refLoss.backward();
        Map<String, double[]> refGrads = new LinkedHashMap<>();
        ref.model.namedParameters().forEach((k, v) -> refGrads.put(k, v.grad().toDoubleArray()));
        double refL = refLoss.item();

        System.out.printf(Locale.ROOT, "forward, layer outputs relative to %s: chained rel-L2 / rel-max | local rel-L2 / rel-max%n",
                ref.label);
        System.out.printf(Locale.ROOT, "%-14s", "layer");
        for (Run r : runs.subList(1, runs.size())) {
            System.out.printf(Locale.ROOT, " | %-41s", r.label);
        }
        System.out.println();
        List<List<Tensor>> runOutputs = new ArrayList<>();
        for (Run r : runs.subList(1, runs.size())) {
            List<Tensor> outs = new ArrayList<>();
            Tensor x = batch.x().to(r.backend).cast(r.dtype);
            for (int i = 0; i < n; i++) {
                x = r.model.get(i).call(x);
                outs.add(x);
            }
            runOutputs.add(outs);
        }
        for (int i = 0; i < n; i++) {
            String name = i + ":" + ref.model.get(i).getClass().getSimpleName();
            System.out.printf(Locale.ROOT, "%-14s", name);
            for (int j = 1; j < runs.size(); j++) {
                Run r = runs.get(j);
                double[] chained = runOutputs.get(j - 1).get(i).toDoubleArray();
                double[] local;
                try (GradMode.Scope off = GradMode.noGrad()) {
                    Tensor in = refTensors.get(i).detach().cast(DType.FLOAT32).to(r.backend).cast(r.dtype);
                    local = r.model.get(i).call(in).toDoubleArray();
                }
                System.out.printf(Locale.ROOT, " | %9.2e %9.2e  %9.2e %9.2e ", relL2(refActs.get(i), chained),
                        relMax(refActs.get(i), chained), relL2(refActs.get(i), local), relMax(refActs.get(i), local));
            }
            System.out.println();
        }
        System.out.printf(Locale.ROOT, "%-14s", "loss");
        List<Map<String, double[]>> grads = new ArrayList<>();
        for (int j = 1; j < runs.size(); j++) {
            Run r = runs.get(j);
            List<Tensor> outs = runOutputs.get(j - 1);
            Tensor l = Functional.crossEntropy(outs.get(n - 1), batch.labels().to(r.backend));
            l.backward();
            Map<String, double[]> g = new LinkedHashMap<>();
            r.model.namedParameters().forEach((k, v) -> g.put(k, v.grad().toDoubleArray()));
            grads.add(g);
            System.out.printf(Locale.ROOT, " | %9.2e (%.7f vs %.7f)        ", Math.abs(l.item() - refL) / refL, l.item(), refL);
        }
        System.out.println();
        System.out.println("gradients, ||g - g_ref|| / ||g_ref|| and max|g - g_ref| / max|g_ref|:");
        for (String k : refGrads.keySet()) {
            System.out.printf(Locale.ROOT, "%-14s", k);
            for (Map<String, double[]> g : grads) {
                System.out.printf(Locale.ROOT, " | %9.2e %9.2e %21s", relL2(refGrads.get(k), g.get(k)),
                        relMax(refGrads.get(k), g.get(k)), "");
            }
            System.out.println();
        }
        // pairwise between the float32 runs, as the issue compares cpu with opencl
        if (runs.size() >= 3) {
            System.out.printf(Locale.ROOT, "%s vs %s gradients rel-L2:", runs.get(1).label, runs.get(2).label);
            for (String k : refGrads.keySet()) {
                System.out.printf(Locale.ROOT, " %s=%.2e", k, relL2(grads.get(0).get(k), grads.get(1).get(k)));
            }
            System.out.println();
        }
    }

    private static double relL2(double[] ref, double[] x) {
        double n = 0;
        double d = 0;
        for (int i = 0; i < ref.length; i++) {
            n += (ref[i] - x[i]) * (ref[i] - x[i]);
            d += ref[i] * ref[i];
        }
        return Math.sqrt(n / Math.max(d, 1e-300));
    }

    private static double relMax(double[] ref, double[] x) {
        double n = 0;
        double d = 0;
        for (int i = 0; i < ref.length; i++) {
            n = Math.max(n, Math.abs(ref[i] - x[i]));
            d = Math.max(d, Math.abs(ref[i]));
        }
        return n / Math.max(d, 1e-300);
    }
}
