package dev.nabla.cli.bench;

import dev.nabla.autodiff.GradMode;
import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.nn.Functional;
import dev.nabla.nn.ModelSpec;
import dev.nabla.nn.Module;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.MemoryScope;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The workloads of {@code nabla bench}: GEMM at several sizes, conv2d forward and forward+backward
 * for LeNet-5's two layers and a 3x3x64 ResNet layer, 2x2 max pooling, ReLU, softmax, and a full
 * training step of the MLP and LeNet-5 presets. Inputs come from a seeded generator (the same
 * values on every backend), so results can be compared with the reference backend's.
 */
public final class Workloads {
    private Workloads() {
    }

    /** The workloads; {@code quick} uses smaller sizes (a smoke run). */
    public static List<Workload> all(boolean quick) {
        List<Workload> w = new ArrayList<>();
        for (int n : quick ? new int[] {64, 128} : new int[] {128, 512, 1024}) {
            w.add(new Workload("gemm " + n, "gemm", "GFLOP/s", 2.0 * n * n * n,
                    b -> op(b, new int[][] {{n, n}, {n, n}}, t -> t.get(0).matmul(t.get(1)), false)));
        }
        int batch = quick ? 16 : 64;
        conv(w, "lenet5 conv1 5x5 1->6", batch, 1, 28, 6, 5, 2);
        conv(w, "lenet5 conv2 5x5 6->16", batch, 6, 14, 16, 5, 0);
        conv(w, "resnet 3x3 64->64", quick ? 2 : 8, 64, 16, 64, 3, 1);
        int[] pool = {batch, 6, 28, 28};
        long poolIn = (long) batch * 6 * 28 * 28;
        w.add(new Workload("maxpool2d 2x2 " + shape(pool), "pooling", "GB/s", 4.0 * (poolIn + poolIn / 4),
                b -> op(b, new int[][] {pool}, t -> Functional.maxPool2d(t.get(0), 2), false)));
        int n = quick ? 1 << 18 : 1 << 22;
        w.add(new Workload("relu " + n, "activation", "GB/s", 8.0 * n, b -> op(b, new int[][] {{n}}, t -> t.get(0).relu(), false)));
        int rows = quick ? 128 : 1024;
        w.add(new Workload("softmax " + rows + "x1000", "softmax", "GB/s", 8.0 * rows * 1000,
                b -> op(b, new int[][] {{rows, 1000}}, t -> Functional.softmax(t.get(0), 1), false)));
        long mlpWeights = 784L * 256 + 256 * 128 + 128 * 10;
        w.add(new Workload("mlp train step, batch 64", "training", "GFLOP/s", 6.0 * 64 * mlpWeights,
                b -> new TrainStep(b, "mlp", 64)));
        double lenetForward = convFlops(64, 1, 28, 6, 5, 2) + convFlops(64, 6, 14, 16, 5, 0)
                + 2.0 * 64 * (400 * 120 + 120 * 84 + 84 * 10);
        w.add(new Workload("lenet5 train step, batch 64", "training", "GFLOP/s", 3 * lenetForward,
                b -> new TrainStep(b, "lenet5", 64)));
        return w;
    }

    /** Host-to-device and device-to-host copies of {@code megabytes} of float32, timed apart from the compute workloads. */
    public static List<Workload> transfers(boolean quick) {
        int n = (quick ? 4 : 16) << 18;     // 4 bytes per element
        String size = (4L * n >> 20) + " MB";
        float[] host = new float[n];
        return List.of(
                new Workload("transfer host->device " + size, "transfer", "GB/s", 4.0 * n, b -> new Workload.Instance() {
                    @Override
                    public void run() {
                        try (MemoryScope scope = MemoryScope.open()) {
                            sync(Tensor.on(b).of(host, n));
                        }
                    }

                    @Override
                    public float[] output() {
                        return null;
                    }

                    @Override
                    public void close() {
                    }
                }),
                new Workload("transfer device->host " + size, "transfer", "GB/s", 4.0 * n, b -> {
                    Tensor t = MemoryScope.escape(Tensor.on(b).zeros(n));
                    return new Workload.Instance() {
                        @Override
                        public void run() {
                            t.toFloatArray();
                        }

                        @Override
                        public float[] output() {
                            return null;
                        }

                        @Override
                        public void close() {
                            t.close();
                        }
                    };
                }));
    }

    private static void conv(List<Workload> w, String name, int n, int c, int hw, int oc, int k, int pad) {
        int[][] shapes = {{n, c, hw, hw}, {oc, c, k, k}, {oc}};
        double flops = convFlops(n, c, hw, oc, k, pad);
        String dims = " " + shape(shapes[0]);
        w.add(new Workload("conv2d " + name + dims + " fwd", "conv2d", "GFLOP/s", flops,
                b -> op(b, shapes, t -> Functional.conv2d(t.get(0), t.get(1), t.get(2), 1, pad), false)));
        // Backward computes dx and dw, each about as much work as the forward pass.
        w.add(new Workload("conv2d " + name + dims + " fwd+bwd", "conv2d", "GFLOP/s", 3 * flops,
                b -> op(b, shapes, t -> Functional.conv2d(t.get(0), t.get(1), t.get(2), 1, pad), true)));
    }

    private static double convFlops(int n, int c, int hw, int oc, int k, int pad) {
        int out = hw + 2 * pad - k + 1;
        return 2.0 * n * oc * out * out * c * k * k;
    }

    private static String shape(int[] s) {
        return java.util.Arrays.toString(s).replace(" ", "");
    }

    /** A tensor op on seeded random inputs; {@code backward}: also the gradients of every input. */
    private static Workload.Instance op(Backend backend, int[][] shapes, Function<List<Tensor>, Tensor> f, boolean backward) {
        List<Tensor> inputs = new ArrayList<>();
        Generator gen = new Generator(7);
        for (int[] s : shapes) {
            inputs.add(MemoryScope.escape(Tensor.on(backend).randn(gen, s).requiresGrad(backward)));
        }
        return new Workload.Instance() {
            @Override
            public void run() {
                try (Backends.Scope b = Backends.use(backend); MemoryScope scope = MemoryScope.open()) {
                    Tensor y = f.apply(inputs);
                    if (backward) {
                        y.backward(Tensor.on(backend).dtype(y.dtype()).ones(y.shape()), false);
                        sync(inputs.get(0).grad());
                        inputs.forEach(t -> t.setGrad(null));
                    } else {
                        sync(y);
                    }
                }
            }

            @Override
            public float[] output() {
                try (Backends.Scope b = Backends.use(backend); MemoryScope scope = MemoryScope.open();
                     GradMode.Scope off = GradMode.noGrad()) {
                    return f.apply(inputs).toFloatArray();
                }
            }

            @Override
            public void close() {
                inputs.forEach(Tensor::close);
            }
        };
    }

    /** Reads one element: waits for the backend to finish the work queued before it. */
    static void sync(Tensor t) {
        t.reshape(-1).narrow(0, 0, 1).toFloatArray();
    }

    /** One SGD step of a preset model on a random batch. */
    private static final class TrainStep implements Workload.Instance {
        private final Backend backend;
        private final Module model;
        private final SGD optimizer;
        private final Tensor x;
        private final Tensor labels;

        TrainStep(Backend backend, String preset, int batch) {
            this.backend = backend;
            try (Backends.Scope b = Backends.use(backend)) {
                Generator gen = new Generator(3);
                model = ModelSpec.preset(preset, Map.of()).build(gen);
                optimizer = new SGD(model.parameters(), 0.01, 0.9);
                x = MemoryScope.escape(Tensor.on(backend).rand(gen, batch, 1, 28, 28));
                long[] y = new long[batch];
                for (int i = 0; i < batch; i++) {
                    y[i] = i % 10;
                }
                labels = MemoryScope.escape(Tensor.on(backend).of(y, batch));
            }
        }

        private float step() {
            try (Backends.Scope b = Backends.use(backend); MemoryScope scope = MemoryScope.open()) {
                Tensor loss = Functional.crossEntropy(model.call(x), labels);
                optimizer.zeroGrad();
                loss.backward();
                optimizer.step();
                sync(model.parameters().get(0));
                return (float) loss.item();
            }
        }

        @Override
        public void run() {
            step();
        }

        @Override
        public float[] output() {
            return new float[] {step()};
        }

        @Override
        public void close() {
            x.close();
            labels.close();
        }
    }
}
