package dev.nabla.tensor;

import dev.nabla.autodiff.Backward;
import dev.nabla.autodiff.GradMode;
import dev.nabla.autodiff.Node;
import dev.nabla.backend.Backend;
import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.ReduceOp;
import dev.nabla.backend.Strided;
import dev.nabla.backend.UnaryOp;
import java.util.Arrays;

/**
 * An n-dimensional array on one backend, with reverse-mode autodiff. Tensors are views
 * (shape, element strides, offset) of reference-counted storage: {@link #reshape},
 * {@link #transpose}, {@link #narrow} and friends share memory. Ops broadcast like NumPy and
 * never mix backends or dtypes silently.
 *
 * <pre>{@code
 * Generator gen = new Generator(42);
 * Tensor w = Tensor.randn(gen, 784, 10).mul(0.01).requiresGrad(true);
 * Tensor x = Tensor.rand(gen, 64, 784);
 * Tensor loss = x.matmul(w).relu().pow(2).mean();
 * loss.backward();                 // w.grad() now holds d loss / d w
 * }</pre>
 *
 * <p>Memory: a tensor holds its storage until {@link #close()}d, freed by the enclosing
 * {@link MemoryScope}, or (as a safety net) collected by the GC.
 */
public final class Tensor implements AutoCloseable {
    final Storage storage;
    final DType dtype;
    final int[] shape;
    final int[] strides;
    final int offset;
    private boolean requiresGrad;
    private Tensor grad;
    private Node gradFn;
    private boolean closed;

    Tensor(Storage storage, DType dtype, int[] shape, int[] strides, int offset) {
        this.storage = storage;
        this.dtype = dtype;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        MemoryScope.register(this);
    }

    /** A view of this tensor's storage (the storage gains a holder). */
    Tensor view(int[] newShape, int[] newStrides, int newOffset) {
        storage.retain();
        return new Tensor(storage, dtype, newShape, newStrides, newOffset);
    }

    // ---- creation (see TensorFactory for other backends and dtypes) -------------------------

    /** The factory for {@code backend}, float32 by default: {@code Tensor.on(cuda).zeros(2, 3)}. */
    public static TensorFactory on(Backend backend) {
        return new TensorFactory(backend, DType.FLOAT32);
    }

    /** A float32 tensor on the current backend holding {@code data} in row-major order. */
    public static Tensor of(float[] data, int... shape) {
        return TensorFactory.current().of(data, shape);
    }

    /** A float64 tensor on the current backend holding {@code data} in row-major order. */
    public static Tensor of(double[] data, int... shape) {
        return TensorFactory.current().of(data, shape);
    }

    /** An int32 tensor on the current backend. */
    public static Tensor of(int[] data, int... shape) {
        return TensorFactory.current().of(data, shape);
    }

    /** An int64 tensor on the current backend. */
    public static Tensor of(long[] data, int... shape) {
        return TensorFactory.current().of(data, shape);
    }

    /** A float32 scalar (rank 0). */
    public static Tensor scalar(double value) {
        return TensorFactory.current().full(value);
    }

    /** Float32 zeros on the current backend. */
    public static Tensor zeros(int... shape) {
        return TensorFactory.current().zeros(shape);
    }

    /** Float32 ones on the current backend. */
    public static Tensor ones(int... shape) {
        return TensorFactory.current().ones(shape);
    }

    /** Float32 tensor filled with {@code value}. */
    public static Tensor full(double value, int... shape) {
        return TensorFactory.current().full(value, shape);
    }

    /** {@code [0, 1, ..., end-1]} as float32. */
    public static Tensor arange(int end) {
        return TensorFactory.current().arange(0, end, 1);
    }

    /** Float32 identity matrix. */
    public static Tensor eye(int n) {
        return TensorFactory.current().eye(n);
    }

    /** Float32 uniform samples on [0, 1) from {@code gen}. */
    public static Tensor rand(Generator gen, int... shape) {
        return TensorFactory.current().rand(gen, shape);
    }

    /** Float32 standard normal samples from {@code gen}. */
    public static Tensor randn(Generator gen, int... shape) {
        return TensorFactory.current().randn(gen, shape);
    }

    /** A new tensor of this one's backend and dtype (zero-filled), with the given shape. */
    public Tensor zerosLike(int... newShape) {
        return new TensorFactory(backend(), dtype).zeros(newShape);
    }

    // ---- properties -----------------------------------------------------------------------

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Size of dimension {@code dim} (negative counts from the end). */
    public int size(int dim) {
        return shape[Shapes.axis("size", dim, shape.length)];
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Number of elements. */
    public long numel() {
        return Shapes.numel(shape);
    }

    /** Element type. */
    public DType dtype() {
        return dtype;
    }

    /** The backend holding this tensor's memory. */
    public Backend backend() {
        return storage.backend;
    }

    /** A copy of the element strides. */
    public int[] strides() {
        return strides.clone();
    }

    /** Element offset into the storage. */
    public int offset() {
        return offset;
    }

    /** True when the elements are laid out row-major without gaps. */
    public boolean isContiguous() {
        return strided().isContiguous();
    }

    /** The explicit layout of this tensor, as passed to backend primitives. */
    public Strided strided() {
        checkOpen("strided");
        return new Strided(storage.buffer, offset, shape, strides);
    }

    /** Records that a kernel wrote this tensor's memory directly (autograd then refuses stale saved copies). */
    public void markModified() {
        checkOpen("markModified");
        storage.bumpVersion();
    }

    /** Counter of in-place writes to this tensor's storage (autograd uses it to detect stale saves). */
    public int version() {
        return storage.version();
    }

    // ---- autograd -------------------------------------------------------------------------

    /** True when gradients flow to or through this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * Marks a leaf tensor as a parameter whose gradient {@link #backward()} accumulates.
     *
     * @return this, for chaining
     */
    public Tensor requiresGrad(boolean value) {
        if (gradFn != null) {
            throw new IllegalStateException("requiresGrad: only leaf tensors can change requiresGrad; use detach()");
        }
        if (value && !dtype.isFloating()) {
            throw new IllegalArgumentException("requiresGrad: only floating-point tensors can require grad, not "
                    + dtype.shortName());
        }
        requiresGrad = value;
        return this;
    }

    /** The accumulated gradient of a leaf, or null before any backward pass. */
    public Tensor grad() {
        return grad;
    }

    /** Replaces (or with null clears and frees) the accumulated gradient. */
    public void setGrad(Tensor newGrad) {
        if (newGrad != null && !Arrays.equals(newGrad.shape, shape)) {
            throw new IllegalArgumentException("setGrad: gradient shape " + Shapes.str(newGrad.shape)
                    + " differs from tensor shape " + Shapes.str(shape));
        }
        if (grad != null && grad != newGrad) {
            grad.close();
        }
        grad = newGrad;
        if (newGrad != null) {
            MemoryScope.detach(newGrad);
        }
    }

    /** Adds {@code g} into this leaf's gradient (the gradient is owned by this tensor, outside any scope). */
    public void accumulateGrad(Tensor g) {
        if (grad == null) {
            setGrad(g.cast(dtype).contiguousCopy());
        } else {
            grad.add_(g);
        }
    }

    /** The node that produced this tensor, or null for a leaf. */
    public Node gradFn() {
        return gradFn;
    }

    /** True for tensors not produced by a recorded op. */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** Called by ops when they record a node for this (their output) tensor. */
    void attachGradFn(Node node) {
        gradFn = node;
        requiresGrad = true;
    }

    /** Backpropagates from a scalar (one-element) tensor. */
    public void backward() {
        if (numel() != 1) {
            throw new IllegalStateException("backward: grad can be implicitly created only for scalar outputs, not "
                    + Shapes.str(shape) + "; pass the upstream gradient to backward(grad)");
        }
        try (GradMode.Scope off = GradMode.noGrad()) {
            backward(new TensorFactory(backend(), dtype).ones(shape), false);
        }
    }

    /** Backpropagates {@code upstream}; frees the graph unless {@code retainGraph}. */
    public void backward(Tensor upstream, boolean retainGraph) {
        Backward.run(this, upstream, retainGraph);
    }

    /** A tensor sharing this one's memory but cut from the graph. */
    public Tensor detach() {
        checkOpen("detach");
        return view(shape, strides, offset);
    }

    // ---- export ---------------------------------------------------------------------------

    /** The elements in row-major order as floats (any dtype is converted). */
    public float[] toFloatArray() {
        Tensor c = hostReadable(DType.FLOAT32);
        float[] out = new float[Math.toIntExact(numel())];
        backend().read(c.storage.buffer, c.offset, out, 0, out.length);
        return out;
    }

    /** The elements in row-major order as doubles. */
    public double[] toDoubleArray() {
        Tensor c = hostReadable(DType.FLOAT64);
        double[] out = new double[Math.toIntExact(numel())];
        backend().read(c.storage.buffer, c.offset, out, 0, out.length);
        return out;
    }

    /** The elements in row-major order as longs (floats truncate toward zero). */
    public long[] toLongArray() {
        Tensor c = hostReadable(DType.INT64);
        long[] out = new long[Math.toIntExact(numel())];
        backend().read(c.storage.buffer, c.offset, out, 0, out.length);
        return out;
    }

    /** The value of a one-element tensor. */
    public double item() {
        if (numel() != 1) {
            throw new IllegalStateException("item: tensor of shape " + Shapes.str(shape) + " has " + numel()
                    + " elements, not 1");
        }
        return toDoubleArray()[0];
    }

    private Tensor hostReadable(DType target) {
        checkOpen("read");
        try (GradMode.Scope off = GradMode.noGrad()) {
            Tensor c = cast(target);
            return c.isContiguous() ? c : c.contiguousCopy();
        }
    }

    /** Shape, dtype, backend and the values, abbreviated like PyTorch's. */
    @Override
    public String toString() {
        return TensorFormat.format(this);
    }

    // ---- views ----------------------------------------------------------------------------

    /** Same elements in a new shape (one size may be -1); a view when the layout allows, else a copy. */
    public Tensor reshape(int... newShape) {
        return ViewOps.reshape(this, newShape, false);
    }

    /** Like {@link #reshape} but fails instead of copying. */
    public Tensor view(int... newShape) {
        return ViewOps.reshape(this, newShape, true);
    }

    /** All elements as one dimension. */
    public Tensor flatten() {
        return reshape(-1);
    }

    /** Flattens dimensions {@code start..end} (inclusive) into one. */
    public Tensor flatten(int start, int end) {
        return ViewOps.flatten(this, start, end);
    }

    /** Reorders dimensions: result dimension {@code i} is this tensor's dimension {@code order[i]}. */
    public Tensor permute(int... order) {
        return ViewOps.permute(this, order);
    }

    /** Swaps two dimensions. */
    public Tensor transpose(int dim0, int dim1) {
        return ViewOps.transpose(this, dim0, dim1);
    }

    /** Matrix transpose of a 2-D tensor. */
    public Tensor t() {
        if (rank() != 2) {
            throw new IllegalArgumentException("t: expects a 2-D tensor, got shape " + Shapes.str(shape));
        }
        return transpose(0, 1);
    }

    /** Elements {@code start .. start+length-1} of dimension {@code dim}, as a view. */
    public Tensor narrow(int dim, int start, int length) {
        return ViewOps.narrow(this, dim, start, length);
    }

    /** Index {@code index} of dimension {@code dim}, that dimension removed. */
    public Tensor select(int dim, int index) {
        int d = Shapes.axis("select", dim, rank());
        return narrow(d, index, 1).squeeze(d);
    }

    /** Removes every size-1 dimension. */
    public Tensor squeeze() {
        return ViewOps.squeeze(this, null);
    }

    /** Removes dimension {@code dim} if its size is 1. */
    public Tensor squeeze(int dim) {
        return ViewOps.squeeze(this, dim);
    }

    /** Inserts a size-1 dimension at {@code dim}. */
    public Tensor unsqueeze(int dim) {
        return ViewOps.unsqueeze(this, dim);
    }

    /** Broadcasts size-1 dimensions to {@code newShape} without copying (-1 keeps a size). */
    public Tensor expand(int... newShape) {
        return ViewOps.expand(this, newShape);
    }

    /** This tensor if contiguous, else a contiguous copy. */
    public Tensor contiguous() {
        return isContiguous() ? this : contiguousCopy();
    }

    /** Always a fresh contiguous copy (recorded by autograd). */
    public Tensor contiguousCopy() {
        return ViewOps.copy(this);
    }

    /** A copy on {@code target} (this tensor if it is already there); gradients flow back across. */
    public Tensor to(Backend target) {
        return target == backend() ? this : ViewOps.toBackend(this, target);
    }

    /** This tensor converted to {@code target} (this tensor if it already has that dtype). */
    public Tensor cast(DType target) {
        return target == dtype ? this : ViewOps.cast(this, target);
    }

    // ---- element-wise math ----------------------------------------------------------------

    public Tensor add(Tensor other) {
        return Elementwise.binary(BinaryOp.ADD, this, other);
    }

    public Tensor add(double value) {
        return Elementwise.binary(BinaryOp.ADD, this, like(value));
    }

    public Tensor sub(Tensor other) {
        return Elementwise.binary(BinaryOp.SUB, this, other);
    }

    public Tensor sub(double value) {
        return Elementwise.binary(BinaryOp.SUB, this, like(value));
    }

    public Tensor mul(Tensor other) {
        return Elementwise.binary(BinaryOp.MUL, this, other);
    }

    public Tensor mul(double value) {
        return Elementwise.binary(BinaryOp.MUL, this, like(value));
    }

    public Tensor div(Tensor other) {
        return Elementwise.binary(BinaryOp.DIV, this, other);
    }

    public Tensor div(double value) {
        return Elementwise.binary(BinaryOp.DIV, this, like(value));
    }

    public Tensor pow(Tensor exponent) {
        return Elementwise.binary(BinaryOp.POW, this, exponent);
    }

    public Tensor pow(double exponent) {
        return Elementwise.binary(BinaryOp.POW, this, like(exponent));
    }

    /** Element-wise maximum of two tensors (PyTorch's {@code maximum}). */
    public Tensor maximum(Tensor other) {
        return Elementwise.binary(BinaryOp.MAX, this, other);
    }

    /** Element-wise minimum of two tensors (PyTorch's {@code minimum}). */
    public Tensor minimum(Tensor other) {
        return Elementwise.binary(BinaryOp.MIN, this, other);
    }

    /** Mask (1/0 in this dtype) of {@code this > other}. */
    public Tensor gt(Tensor other) {
        return Elementwise.binary(BinaryOp.GT, this, other);
    }

    public Tensor gt(double value) {
        return Elementwise.binary(BinaryOp.GT, this, like(value));
    }

    public Tensor ge(Tensor other) {
        return Elementwise.binary(BinaryOp.GE, this, other);
    }

    public Tensor ge(double value) {
        return Elementwise.binary(BinaryOp.GE, this, like(value));
    }

    public Tensor lt(Tensor other) {
        return Elementwise.binary(BinaryOp.LT, this, other);
    }

    public Tensor lt(double value) {
        return Elementwise.binary(BinaryOp.LT, this, like(value));
    }

    public Tensor le(Tensor other) {
        return Elementwise.binary(BinaryOp.LE, this, other);
    }

    public Tensor le(double value) {
        return Elementwise.binary(BinaryOp.LE, this, like(value));
    }

    public Tensor eq(Tensor other) {
        return Elementwise.binary(BinaryOp.EQ, this, other);
    }

    public Tensor eq(double value) {
        return Elementwise.binary(BinaryOp.EQ, this, like(value));
    }

    public Tensor ne(Tensor other) {
        return Elementwise.binary(BinaryOp.NE, this, other);
    }

    /** {@code cond != 0 ? a : b}, broadcasting all three. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        return Elementwise.where(cond, a, b);
    }

    public Tensor neg() {
        return Elementwise.unary(UnaryOp.NEG, this, 0);
    }

    public Tensor abs() {
        return Elementwise.unary(UnaryOp.ABS, this, 0);
    }

    /** Sign (-1, 0, 1); forward-only: it has no useful gradient. */
    public Tensor sign() {
        return Elementwise.unary(UnaryOp.SIGN, this, 0);
    }

    /** Heaviside step ({@code x > 0}); forward-only. */
    public Tensor step() {
        return Elementwise.unary(UnaryOp.STEP, this, 0);
    }

    public Tensor exp() {
        return Elementwise.unary(UnaryOp.EXP, this, 0);
    }

    public Tensor log() {
        return Elementwise.unary(UnaryOp.LOG, this, 0);
    }

    public Tensor sqrt() {
        return Elementwise.unary(UnaryOp.SQRT, this, 0);
    }

    public Tensor reciprocal() {
        return Elementwise.unary(UnaryOp.RECIPROCAL, this, 0);
    }

    public Tensor square() {
        return mul(this);
    }

    public Tensor tanh() {
        return Elementwise.unary(UnaryOp.TANH, this, 0);
    }

    public Tensor sigmoid() {
        return Elementwise.unary(UnaryOp.SIGMOID, this, 0);
    }

    public Tensor relu() {
        return Elementwise.unary(UnaryOp.RELU, this, 0);
    }

    /** {@code x > 0 ? x : slope * x}. */
    public Tensor leakyRelu(double slope) {
        return Elementwise.unary(UnaryOp.LEAKY_RELU, this, slope);
    }

    /** {@code x > 0 ? x : alpha * (e^x - 1)}. */
    public Tensor elu(double alpha) {
        return Elementwise.unary(UnaryOp.ELU, this, alpha);
    }

    public Tensor softplus() {
        return Elementwise.unary(UnaryOp.SOFTPLUS, this, 0);
    }

    public Tensor erf() {
        return Elementwise.unary(UnaryOp.ERF, this, 0);
    }

    /** Limits every element to {@code [min, max]}; the gradient passes where {@code min <= x <= max}. */
    public Tensor clamp(double min, double max) {
        if (min > max) {
            throw new IllegalArgumentException("clamp: min " + min + " > max " + max);
        }
        Tensor lo = like(min);
        Tensor hi = like(max);
        return where(lt(lo), lo, where(gt(hi), hi, this));
    }

    // ---- reductions -----------------------------------------------------------------------

    /** Sum of all elements (rank 0). */
    public Tensor sum() {
        return Reductions.sum(this, new int[0], false);
    }

    /** Sum over {@code axes} (all when empty), dropping them unless {@code keepDim}. */
    public Tensor sum(int[] axes, boolean keepDim) {
        return Reductions.sum(this, axes, keepDim);
    }

    /** Sum over one axis, dropping it. */
    public Tensor sum(int axis) {
        return Reductions.sum(this, new int[] {axis}, false);
    }

    public Tensor mean() {
        return Reductions.mean(this, new int[0], false);
    }

    public Tensor mean(int[] axes, boolean keepDim) {
        return Reductions.mean(this, axes, keepDim);
    }

    public Tensor mean(int axis) {
        return Reductions.mean(this, new int[] {axis}, false);
    }

    /** Variance with Bessel's correction ({@code unbiased}) like {@code torch.var}. */
    public Tensor var(int[] axes, boolean unbiased, boolean keepDim) {
        return Reductions.var(this, axes, unbiased, keepDim);
    }

    /** Unbiased variance of all elements. */
    public Tensor var() {
        return Reductions.var(this, new int[0], true, false);
    }

    /** Largest element (rank 0). */
    public Tensor max() {
        return Reductions.extreme(ReduceOp.MAX, flatten(), 0, false);
    }

    /** Largest values along {@code axis}; the gradient goes to the first maximal element. */
    public Tensor max(int axis, boolean keepDim) {
        return Reductions.extreme(ReduceOp.MAX, this, axis, keepDim);
    }

    public Tensor min() {
        return Reductions.extreme(ReduceOp.MIN, flatten(), 0, false);
    }

    public Tensor min(int axis, boolean keepDim) {
        return Reductions.extreme(ReduceOp.MIN, this, axis, keepDim);
    }

    /** Index (int64) of the first maximum along {@code axis}. */
    public Tensor argmax(int axis, boolean keepDim) {
        return Reductions.arg(ReduceOp.ARGMAX, this, axis, keepDim);
    }

    /** Index of the first maximum of the flattened tensor. */
    public Tensor argmax() {
        return Reductions.arg(ReduceOp.ARGMAX, flatten(), 0, false);
    }

    public Tensor argmin(int axis, boolean keepDim) {
        return Reductions.arg(ReduceOp.ARGMIN, this, axis, keepDim);
    }

    // ---- linear algebra, indexing, joining ------------------------------------------------

    /** Matrix product with NumPy semantics: 1-D operands, 2-D, and broadcast batches. */
    public Tensor matmul(Tensor other) {
        return Linalg.matmul(this, other);
    }

    /** {@code out[..j..] = this[..index[..j..]..]} along {@code axis} (PyTorch's {@code gather}). */
    public Tensor gather(int axis, Tensor index) {
        return IndexOps.gather(this, axis, index);
    }

    /** Rows (or slices) of dimension {@code axis} picked by a 1-D {@code index}. */
    public Tensor indexSelect(int axis, Tensor index) {
        return IndexOps.indexSelect(this, axis, index);
    }

    /** A copy of this tensor with {@code src} added at {@code index} along {@code axis}. */
    public Tensor scatterAdd(int axis, Tensor index, Tensor src) {
        return IndexOps.scatterAdd(this, axis, index, src);
    }

    /** One-hot rows (float32) for integer class labels: shape {@code [..., numClasses]}. */
    public Tensor oneHot(int numClasses) {
        return IndexOps.oneHot(this, numClasses);
    }

    /** Joins tensors along an existing axis. */
    public static Tensor concat(int axis, Tensor... tensors) {
        return ViewOps.concat(axis, tensors);
    }

    /** Joins tensors along a new axis. */
    public static Tensor stack(int axis, Tensor... tensors) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("stack: needs at least one tensor");
        }
        int a = Shapes.axis("stack", axis, tensors[0].rank() + 1);
        Tensor[] expanded = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            expanded[i] = tensors[i].unsqueeze(a);
        }
        return concat(a, expanded);
    }

    // ---- in-place (not recorded; refused on tensors autograd needs) -----------------------

    /** Copies {@code src} (broadcast to this shape, converted to this dtype) into this tensor. */
    public Tensor copy_(Tensor src) {
        return InPlace.copy(this, src);
    }

    /** Sets every element to {@code value}. */
    public Tensor fill_(double value) {
        return InPlace.fill(this, value);
    }

    public Tensor zero_() {
        return fill_(0);
    }

    /** {@code this += other}. */
    public Tensor add_(Tensor other) {
        return InPlace.binary(BinaryOp.ADD, this, other);
    }

    /** {@code this -= other}. */
    public Tensor sub_(Tensor other) {
        return InPlace.binary(BinaryOp.SUB, this, other);
    }

    /** {@code this *= other}. */
    public Tensor mul_(Tensor other) {
        return InPlace.binary(BinaryOp.MUL, this, other);
    }

    /** {@code this *= value}. */
    public Tensor mul_(double value) {
        return InPlace.binary(BinaryOp.MUL, this, like(value));
    }

    // ---- lifetime -------------------------------------------------------------------------

    /** Releases this view's hold on the storage (and the gradient it owns). Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        MemoryScope.detach(this);   // a closed tensor needs no scope to free it
        if (grad != null) {
            grad.close();
            grad = null;
        }
        storage.release();
    }

    /** True after {@link #close()}. */
    public boolean isClosed() {
        return closed;
    }

    /** Fails with a clear message when this tensor was freed. */
    void checkOpen(String op) {
        if (closed || storage.freed()) {
            throw new IllegalStateException(op + ": tensor of shape " + Shapes.str(shape)
                    + " was already closed (freed); keep it with MemoryScope.keep() or don't close it");
        }
    }

    /** A rank-0 tensor holding {@code value} in this tensor's dtype and backend. */
    Tensor like(double value) {
        try (GradMode.Scope off = GradMode.noGrad()) {
            return new TensorFactory(backend(), dtype).full(value);
        }
    }
}
