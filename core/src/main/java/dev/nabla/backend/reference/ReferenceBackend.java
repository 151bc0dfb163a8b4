package dev.nabla.backend.reference;

import dev.nabla.backend.Backend;
import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.Buffer;
import dev.nabla.backend.Conv2dGeometry;
import dev.nabla.backend.Distribution;
import dev.nabla.backend.HostArrays;
import dev.nabla.backend.MatrixBatch;
import dev.nabla.backend.MemoryAccounting;
import dev.nabla.backend.MemoryStats;
import dev.nabla.backend.Philox;
import dev.nabla.backend.ReduceOp;
import dev.nabla.backend.Strided;
import dev.nabla.backend.UnaryOp;
import dev.nabla.backend.fused.BatchNormKernels;
import dev.nabla.backend.fused.BiasActivationKernels;
import dev.nabla.backend.fused.ConvKernels;
import dev.nabla.backend.fused.PoolKernels;
import dev.nabla.backend.fused.SoftmaxKernels;
import dev.nabla.backend.fused.UpdateKernels;
import dev.nabla.tensor.DType;

/**
 * The scalar reference backend: plain loops over Java arrays, every value computed in double
 * precision and rounded once to the buffer's dtype. It is the oracle of the parity suite and what
 * runs when no faster backend is present. Its fused kernels are direct loops (ReferenceConv,
 * ReferenceRows, ReferenceUpdates), independent of the composites they are checked against;
 * {@link dev.nabla.backend.PrimitivesOnly} hides them to run the composite path.
 */
public class ReferenceBackend implements Backend, ConvKernels, PoolKernels, SoftmaxKernels, BatchNormKernels,
        UpdateKernels, BiasActivationKernels {
    private final MemoryAccounting memory = new MemoryAccounting();

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public String description() {
        return "scalar Java reference (float32/float64 oracle)";
    }

    @Override
    public Buffer allocate(DType dtype, long length) {
        if (length < 0 || length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("reference.allocate: " + length + " elements of " + dtype.shortName()
                    + " exceed a Java array");
        }
        memory.allocated(length * dtype.byteSize());
        return new ReferenceBuffer(dtype, (int) length);
    }

    @Override
    public void release(Buffer buffer) {
        ReferenceBuffer b = own(buffer, "release");
        b.released = true;
        memory.released(b.length() * b.dtype().byteSize());
    }

    @Override
    public void write(Buffer dst, long dstOffset, Object src, int srcOffset, int length) {
        ReferenceBuffer b = own(dst, "write");
        System.arraycopy(HostArrays.require(src, b.dtype(), "write"), srcOffset, b.array(), Math.toIntExact(dstOffset), length);
    }

    @Override
    public void read(Buffer src, long srcOffset, Object dst, int dstOffset, int length) {
        ReferenceBuffer b = own(src, "read");
        System.arraycopy(b.array(), Math.toIntExact(srcOffset), HostArrays.require(dst, b.dtype(), "read"), dstOffset, length);
    }

    @Override
    public void fill(Strided dst, double value) {
        ReferenceBuffer b = own(dst.buffer(), "fill");
        for (int o : Indexing.offsets(dst)) {
            b.set(o, value);
        }
    }

    @Override
    public void copy(Strided src, Strided dst) {
        ReferenceBuffer s = own(src.buffer(), "copy");
        ReferenceBuffer d = own(dst.buffer(), "copy");
        int[] from = Indexing.offsets(src);
        int[] to = Indexing.offsets(dst);
        boolean exactIntegers = !s.dtype().isFloating() && !d.dtype().isFloating();
        for (int i = 0; i < from.length; i++) {
            if (exactIntegers) {
                d.setLong(to[i], s.getLong(from[i]));
            } else {
                d.set(to[i], s.get(from[i]));
            }
        }
    }

    @Override
    public MemoryStats memoryStats() {
        return memory.stats();
    }

    @Override
    public void unary(UnaryOp op, double alpha, Strided x, Strided out) {
        ReferenceBuffer in = own(x.buffer(), op.kernelName());
        ReferenceBuffer o = own(out.buffer(), op.kernelName());
        int[] from = Indexing.offsets(x);
        int[] to = Indexing.offsets(out);
        for (int i = 0; i < from.length; i++) {
            o.set(to[i], ScalarMath.unary(op, in.get(from[i]), alpha));
        }
    }

    @Override
    public void binary(BinaryOp op, Strided a, Strided b, Strided out) {
        ReferenceBuffer ba = own(a.buffer(), op.kernelName());
        ReferenceBuffer bb = own(b.buffer(), op.kernelName());
        ReferenceBuffer o = own(out.buffer(), op.kernelName());
        int[] oa = Indexing.offsets(a);
        int[] ob = Indexing.offsets(b);
        int[] to = Indexing.offsets(out);
        for (int i = 0; i < to.length; i++) {
            o.set(to[i], ScalarMath.binary(op, ba.get(oa[i]), bb.get(ob[i])));
        }
    }

    @Override
    public void where(Strided cond, Strided a, Strided b, Strided out) {
        ReferenceBuffer c = own(cond.buffer(), "where");
        ReferenceBuffer ba = own(a.buffer(), "where");
        ReferenceBuffer bb = own(b.buffer(), "where");
        ReferenceBuffer o = own(out.buffer(), "where");
        int[] oc = Indexing.offsets(cond);
        int[] oa = Indexing.offsets(a);
        int[] ob = Indexing.offsets(b);
        int[] to = Indexing.offsets(out);
        for (int i = 0; i < to.length; i++) {
            o.set(to[i], c.get(oc[i]) != 0 ? ba.get(oa[i]) : bb.get(ob[i]));
        }
    }

    @Override
    public void reduce(ReduceOp op, Strided x, int axis, Strided out) {
        ReferenceBuffer in = own(x.buffer(), op.kernelName());
        ReferenceBuffer o = own(out.buffer(), op.kernelName());
        int length = x.shape()[axis];
        int step = x.strides()[axis];
        int[] index = new int[out.rank()];
        for (long e = out.numel(); e > 0; e--) {
            int base = x.offsetOf(index);
            double acc = op == ReduceOp.SUM ? 0 : in.get(base);
            int best = 0;
            for (int j = 0; j < length; j++) {
                double v = in.get(base + j * step);
                switch (op) {
                    case SUM -> acc += v;
                    case MAX, MIN -> acc = ScalarMath.binary(op == ReduceOp.MAX ? BinaryOp.MAX : BinaryOp.MIN, acc, v);
                    case ARGMAX -> {
                        if (v > acc || (v != v && acc == acc)) {
                            acc = v;
                            best = j;
                        }
                    }
                    case ARGMIN -> {
                        if (v < acc || (v != v && acc == acc)) {
                            acc = v;
                            best = j;
                        }
                    }
                }
            }
            boolean arg = op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN;
            if (arg) {
                o.setLong(out.offsetOf(index), best);
            } else {
                o.set(out.offsetOf(index), acc);
            }
            Strided.nextIndex(index, out.shape());
        }
    }

    @Override
    public void gather(Strided x, int axis, Strided index, Strided out) {
        ReferenceBuffer in = own(x.buffer(), "gather");
        ReferenceBuffer idx = own(index.buffer(), "gather");
        ReferenceBuffer o = own(out.buffer(), "gather");
        int[] position = new int[out.rank()];
        for (long e = out.numel(); e > 0; e--) {
            long k = idx.getLong(index.offsetOf(position));
            int outOffset = out.offsetOf(position);
            int j = position[axis];
            position[axis] = checkIndex(k, x.shape()[axis], "gather");
            o.set(outOffset, in.get(x.offsetOf(position)));
            position[axis] = j;
            Strided.nextIndex(position, out.shape());
        }
    }

    @Override
    public void scatterAdd(Strided src, int axis, Strided index, Strided out) {
        ReferenceBuffer s = own(src.buffer(), "scatter_add");
        ReferenceBuffer idx = own(index.buffer(), "scatter_add");
        ReferenceBuffer o = own(out.buffer(), "scatter_add");
        int[] position = new int[src.rank()];
        for (long e = src.numel(); e > 0; e--) {
            long k = idx.getLong(index.offsetOf(position));
            double v = s.get(src.offsetOf(position));
            int j = position[axis];
            position[axis] = checkIndex(k, out.shape()[axis], "scatter_add");
            int target = out.offsetOf(position);
            o.set(target, o.get(target) + v);
            position[axis] = j;
            Strided.nextIndex(position, src.shape());
        }
    }

    @Override
    public void gemm(int batch, boolean transA, boolean transB, int m, int n, int k,
                     double alpha, MatrixBatch a, MatrixBatch b, double beta, MatrixBatch c) {
        ReferenceBuffer ba = own(a.buffer(), "gemm");
        ReferenceBuffer bb = own(b.buffer(), "gemm");
        ReferenceBuffer bc = own(c.buffer(), "gemm");
        for (int t = 0; t < batch; t++) {
            int a0 = a.offset() + t * a.batchStride();
            int b0 = b.offset() + t * b.batchStride();
            int c0 = c.offset() + t * c.batchStride();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int p = 0; p < k; p++) {
                        double av = ba.get(a0 + (transA ? p * a.ld() + i : i * a.ld() + p));
                        double bv = bb.get(b0 + (transB ? j * b.ld() + p : p * b.ld() + j));
                        sum += av * bv;
                    }
                    int ci = c0 + i * c.ld() + j;
                    bc.set(ci, beta == 0 ? alpha * sum : alpha * sum + beta * bc.get(ci));
                }
            }
        }
    }

    @Override
    public void im2col(Conv2dGeometry g, Strided x, double padValue, Strided col) {
        ReferenceBuffer in = own(x.buffer(), "im2col");
        ReferenceBuffer out = own(col.buffer(), "im2col");
        int[] s = x.strides();
        int oh = g.oh();
        int ow = g.ow();
        int colIndex = col.offset();
        for (int n = 0; n < g.n(); n++) {
            for (int c = 0; c < g.c(); c++) {
                for (int i = 0; i < g.kh(); i++) {
                    for (int j = 0; j < g.kw(); j++) {
                        for (int oy = 0; oy < oh; oy++) {
                            for (int ox = 0; ox < ow; ox++) {
                                int y = oy * g.strideH() - g.padH() + i * g.dilationH();
                                int xx = ox * g.strideW() - g.padW() + j * g.dilationW();
                                boolean inside = y >= 0 && y < g.h() && xx >= 0 && xx < g.w();
                                double v = inside
                                        ? in.get(x.offset() + n * s[0] + c * s[1] + y * s[2] + xx * s[3])
                                        : padValue;
                                out.set(colIndex++, v);
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public void col2im(Conv2dGeometry g, Strided col, Strided dx) {
        ReferenceBuffer in = own(col.buffer(), "col2im");
        ReferenceBuffer out = own(dx.buffer(), "col2im");
        fill(dx, 0);
        int[] s = dx.strides();
        int colIndex = col.offset();
        for (int n = 0; n < g.n(); n++) {
            for (int c = 0; c < g.c(); c++) {
                for (int i = 0; i < g.kh(); i++) {
                    for (int j = 0; j < g.kw(); j++) {
                        for (int oy = 0; oy < g.oh(); oy++) {
                            for (int ox = 0; ox < g.ow(); ox++) {
                                int y = oy * g.strideH() - g.padH() + i * g.dilationH();
                                int xx = ox * g.strideW() - g.padW() + j * g.dilationW();
                                double v = in.get(colIndex++);
                                if (y >= 0 && y < g.h() && xx >= 0 && xx < g.w()) {
                                    int o = dx.offset() + n * s[0] + c * s[1] + y * s[2] + xx * s[3];
                                    out.set(o, out.get(o) + v);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public void random(Distribution distribution, long seed, long counter, Strided out) {
        ReferenceBuffer o = own(out.buffer(), "random");
        int[] to = Indexing.offsets(out);
        for (int i = 0; i < to.length; i++) {
            double v;
            if (distribution == Distribution.UNIFORM) {
                v = Philox.uniform(Philox.block(seed, counter + i / 4)[i % 4]);
            } else {
                v = Philox.normal(Philox.block(seed, counter + i / 2), (i & 1) == 1);
            }
            o.set(to[i], v);
        }
    }

    // ---- fused kernels ------------------------------------------------------------------

    @Override
    public void conv2dForward(Conv2dGeometry g, int groups, Strided x, Strided w, Strided bias, Strided out) {
        ReferenceConv.forward(g, groups, x, w, bias, out);
    }

    @Override
    public void conv2dBackwardData(Conv2dGeometry g, int groups, Strided grad, Strided w, Strided dx) {
        ReferenceConv.backwardData(g, groups, grad, w, dx);
    }

    @Override
    public void conv2dBackwardWeight(Conv2dGeometry g, int groups, Strided x, Strided grad, Strided dw) {
        ReferenceConv.backwardWeight(g, groups, x, grad, dw);
    }

    @Override
    public void maxPool2dForward(Conv2dGeometry g, Strided x, Strided out, Strided indices) {
        ReferenceConv.maxPoolForward(g, x, out, indices);
    }

    @Override
    public void maxPool2dBackward(Conv2dGeometry g, Strided grad, Strided indices, Strided dx) {
        ReferenceConv.maxPoolBackward(g, grad, indices, dx);
    }

    @Override
    public void avgPool2dForward(Conv2dGeometry g, boolean countIncludePad, Strided x, Strided out) {
        ReferenceConv.avgPoolForward(g, countIncludePad, x, out);
    }

    @Override
    public void avgPool2dBackward(Conv2dGeometry g, boolean countIncludePad, Strided grad, Strided dx) {
        ReferenceConv.avgPoolBackward(g, countIncludePad, grad, dx);
    }

    @Override
    public void softmax(Strided x, Strided out, boolean log) {
        ReferenceRows.softmax(x, out, log);
    }

    @Override
    public void crossEntropy(Strided logits, Strided labels, Strided losses) {
        ReferenceRows.crossEntropy(logits, labels, losses);
    }

    @Override
    public void batchNormForward(Strided x, Strided gamma, Strided beta, double eps, Strided out, Strided mean,
                                 Strided invStd) {
        ReferenceRows.batchNormForward(x, gamma, beta, eps, out, mean, invStd);
    }

    @Override
    public void batchNormBackward(Strided grad, Strided x, Strided gamma, Strided mean, Strided invStd,
                                  Strided dx, Strided dgamma, Strided dbeta) {
        ReferenceRows.batchNormBackward(grad, x, gamma, mean, invStd, dx, dgamma, dbeta);
    }

    @Override
    public void biasActivation(Strided x, Strided bias, UnaryOp activation, double alpha, Strided out) {
        ReferenceRows.biasActivation(x, bias, activation, alpha, out);
    }

    @Override
    public void sgdUpdate(Strided param, Strided grad, Strided velocity, double lr, double momentum, double dampening,
                          double weightDecay, boolean nesterov, boolean firstStep) {
        ReferenceUpdates.sgd(param, grad, velocity, lr, momentum, dampening, weightDecay, nesterov, firstStep);
    }

    @Override
    public void adamUpdate(Strided param, Strided grad, Strided m, Strided v, long step, double lr, double beta1,
                           double beta2, double eps, double weightDecay, boolean decoupledWeightDecay) {
        ReferenceUpdates.adam(param, grad, m, v, step, lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay);
    }

    /** This backend's buffer, or a clear error for a foreign or released one. */
    protected static ReferenceBuffer own(Buffer buffer, String op) {
        if (!(buffer instanceof ReferenceBuffer b)) {
            throw new IllegalArgumentException(op + ": buffer belongs to another backend ("
                    + (buffer == null ? "null" : buffer.getClass().getSimpleName()) + ")");
        }
        if (b.released) {
            throw new IllegalStateException(op + ": buffer was already released");
        }
        return b;
    }

    private static int checkIndex(long k, int size, String op) {
        if (k < 0 || k >= size) {
            throw new IndexOutOfBoundsException(op + ": index " + k + " is out of bounds for size " + size);
        }
        return (int) k;
    }
}
