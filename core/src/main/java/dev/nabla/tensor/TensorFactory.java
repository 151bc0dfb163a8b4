package dev.nabla.tensor;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.backend.Buffer;
import dev.nabla.backend.Distribution;
import dev.nabla.backend.Strided;

/**
 * Creates tensors on one backend with one dtype.
 *
 * <pre>{@code
 * TensorFactory f64 = Tensor.on(Backends.get("reference")).dtype(DType.FLOAT64);
 * Tensor x = f64.randn(new Generator(7), 3, 5);
 * Tensor labels = Tensor.on(backend).of(new long[] {3, 1, 4}, 3);
 * }</pre>
 *
 * @param backend where the tensors live
 * @param dtype   their element type (ignored by {@code of}, which takes it from the array)
 */
public record TensorFactory(Backend backend, DType dtype) {

    /** The current thread's backend (see {@link Backends#current()}), float32. */
    public static TensorFactory current() {
        return new TensorFactory(Backends.current(), DType.FLOAT32);
    }

    /** The same backend with another dtype. */
    public TensorFactory dtype(DType newDtype) {
        return new TensorFactory(backend, newDtype);
    }

    /** An uninitialised contiguous tensor (contents unspecified); ops use it for outputs. */
    public Tensor empty(int... shape) {
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("empty: negative size in " + Shapes.str(shape));
            }
        }
        long n = Shapes.numel(shape);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("empty: " + Shapes.str(shape) + " has " + n
                    + " elements; tensors hold at most 2^31-1");
        }
        Buffer buffer = backend.allocate(dtype, Math.max(n, 1));
        return new Tensor(new Storage(backend, buffer), dtype, shape.clone(), Strided.rowMajorStrides(shape), 0);
    }

    public Tensor of(float[] data, int... shape) {
        return fromArray(DType.FLOAT32, data, data.length, shape);
    }

    public Tensor of(double[] data, int... shape) {
        return fromArray(DType.FLOAT64, data, data.length, shape);
    }

    public Tensor of(int[] data, int... shape) {
        return fromArray(DType.INT32, data, data.length, shape);
    }

    public Tensor of(long[] data, int... shape) {
        return fromArray(DType.INT64, data, data.length, shape);
    }

    private Tensor fromArray(DType type, Object data, int length, int[] shape) {
        if (Shapes.numel(shape) != length) {
            throw new IllegalArgumentException("of: " + length + " values do not fill shape " + Shapes.str(shape));
        }
        Tensor t = dtype(type).empty(shape);
        backend.write(t.storage.buffer, 0, data, 0, length);
        return t;
    }

    public Tensor zeros(int... shape) {
        return full(0, shape);
    }

    public Tensor ones(int... shape) {
        return full(1, shape);
    }

    public Tensor full(double value, int... shape) {
        Tensor t = empty(shape);
        backend.fill(t.strided(), value);
        return t;
    }

    /** {@code start, start+step, ...} below {@code end}. */
    public Tensor arange(double start, double end, double step) {
        if (step == 0 || (end - start) / step < 0) {
            throw new IllegalArgumentException("arange: empty or infinite range [" + start + ", " + end + ") step " + step);
        }
        int n = (int) Math.ceil((end - start) / step);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = start + i * step;
        }
        Tensor staged = new TensorFactory(backend, DType.FLOAT64).of(values, n);
        if (dtype == DType.FLOAT64) {
            return staged;
        }
        try (staged) {
            Tensor t = empty(n);
            backend.copy(staged.strided(), t.strided());
            return t;
        }
    }

    public Tensor eye(int n) {
        Tensor t = zeros(n, n);
        backend.fill(new Strided(t.storage.buffer, 0, new int[] {n}, new int[] {n + 1}), 1);
        return t;
    }

    /** Uniform samples on [0, 1). */
    public Tensor rand(Generator gen, int... shape) {
        return random(Distribution.UNIFORM, gen, shape);
    }

    /** Standard normal samples. */
    public Tensor randn(Generator gen, int... shape) {
        return random(Distribution.NORMAL, gen, shape);
    }

    /** Uniform samples on [low, high). */
    public Tensor uniform(Generator gen, double low, double high, int... shape) {
        Tensor t = rand(gen, shape);
        return InPlace.affine(t, high - low, low);
    }

    private Tensor random(Distribution distribution, Generator gen, int[] shape) {
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException("random: " + dtype.shortName() + " is not a floating-point dtype");
        }
        Tensor t = empty(shape);
        long counter = gen.reserve(distribution, t.numel());
        backend.random(distribution, gen.seed(), counter, t.strided());
        return t;
    }
}
