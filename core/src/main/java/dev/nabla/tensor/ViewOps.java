package dev.nabla.tensor;

import dev.nabla.autodiff.Op;
import dev.nabla.backend.Backend;
import dev.nabla.backend.HostArrays;
import dev.nabla.backend.Strided;
import java.util.ArrayList;
import java.util.List;

/** Views (shared storage, no copy), layout copies, and joining. */
final class ViewOps {
    private ViewOps() {
    }

    static Tensor reshape(Tensor x, int[] requested, boolean viewOnly) {
        String name = viewOnly ? "view" : "reshape";
        x.checkOpen(name);
        int[] shape = Shapes.infer(name, requested, x.numel(), x.shape);
        int[] strides = Shapes.viewStrides(x.shape, x.strides, shape);
        Tensor out;
        if (strides != null) {
            out = x.view(shape, strides, x.offset);
        } else if (viewOnly) {
            throw new IllegalArgumentException("view: shape " + Shapes.str(x.shape) + " with strides "
                    + Shapes.str(x.strides) + " cannot be viewed as " + Shapes.str(requested) + "; use reshape()");
        } else {
            Tensor c = copy(x);
            return reshape(c, shape, true);
        }
        return Recorder.record(out, Op.RESHAPE, name, new Tensor[] {x}, x.shape.clone());
    }

    static Tensor flatten(Tensor x, int start, int end) {
        int s = Shapes.axis("flatten", start, x.rank());
        int e = Shapes.axis("flatten", end, x.rank());
        if (s > e) {
            throw new IllegalArgumentException("flatten: start " + start + " is after end " + end);
        }
        int[] shape = new int[x.rank() - (e - s)];
        int merged = 1;
        for (int d = s; d <= e; d++) {
            merged *= x.shape[d];
        }
        for (int d = 0, o = 0; d < x.rank(); d++) {
            if (d < s || d > e) {
                shape[o++] = x.shape[d];
            } else if (d == s) {
                shape[o++] = merged;
            }
        }
        return reshape(x, shape, false);
    }

    static Tensor permute(Tensor x, int[] order) {
        x.checkOpen("permute");
        if (order.length != x.rank()) {
            throw new IllegalArgumentException("permute: order " + Shapes.str(order) + " does not match rank " + x.rank());
        }
        int[] shape = new int[order.length];
        int[] strides = new int[order.length];
        boolean[] seen = new boolean[order.length];
        for (int i = 0; i < order.length; i++) {
            int d = Shapes.axis("permute", order[i], x.rank());
            if (seen[d]) {
                throw new IllegalArgumentException("permute: dimension " + d + " repeated in " + Shapes.str(order));
            }
            seen[d] = true;
            shape[i] = x.shape[d];
            strides[i] = x.strides[d];
        }
        int[] normalized = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            normalized[i] = Shapes.axis("permute", order[i], x.rank());
        }
        return Recorder.record(x.view(shape, strides, x.offset), Op.PERMUTE, "permute", new Tensor[] {x}, normalized);
    }

    static Tensor transpose(Tensor x, int dim0, int dim1) {
        int[] order = new int[x.rank()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int a = Shapes.axis("transpose", dim0, x.rank());
        int b = Shapes.axis("transpose", dim1, x.rank());
        order[a] = b;
        order[b] = a;
        return permute(x, order);
    }

    static Tensor narrow(Tensor x, int dim, int start, int length) {
        x.checkOpen("narrow");
        int d = Shapes.axis("narrow", dim, x.rank());
        if (start < 0 || length < 0 || start + length > x.shape[d]) {
            throw new IllegalArgumentException("narrow: range [" + start + ", " + (start + length) + ") is outside size "
                    + x.shape[d] + " of dimension " + d + " of " + Shapes.str(x.shape));
        }
        int[] shape = x.shape.clone();
        shape[d] = length;
        Tensor out = x.view(shape, x.strides.clone(), x.offset + start * x.strides[d]);
        return Recorder.record(out, Op.NARROW, "narrow", new Tensor[] {x}, d, start);
    }

    static Tensor squeeze(Tensor x, Integer dim) {
        List<Integer> kept = new ArrayList<>();
        int only = dim == null ? -1 : Shapes.axis("squeeze", dim, x.rank());
        for (int d = 0; d < x.rank(); d++) {
            boolean drop = x.shape[d] == 1 && (dim == null || d == only);
            if (!drop) {
                kept.add(d);
            }
        }
        int[] shape = kept.stream().mapToInt(d -> x.shape[d]).toArray();
        return reshape(x, shape, true);
    }

    static Tensor unsqueeze(Tensor x, int dim) {
        int d = Shapes.axis("unsqueeze", dim, x.rank() + 1);
        int[] shape = new int[x.rank() + 1];
        for (int i = 0, o = 0; i < shape.length; i++) {
            shape[i] = i == d ? 1 : x.shape[o++];
        }
        return reshape(x, shape, true);
    }

    static Tensor expand(Tensor x, int[] requested) {
        x.checkOpen("expand");
        if (requested.length < x.rank()) {
            throw new IllegalArgumentException("expand: cannot expand " + Shapes.str(x.shape) + " to fewer dimensions "
                    + Shapes.str(requested));
        }
        int lead = requested.length - x.rank();
        int[] shape = new int[requested.length];
        int[] strides = new int[requested.length];
        for (int i = 0; i < requested.length; i++) {
            int have = i < lead ? 1 : x.shape[i - lead];
            int want = requested[i] == -1 ? have : requested[i];
            if (have != want && have != 1) {
                throw new IllegalArgumentException("expand: size " + have + " of dimension " + i + " of "
                        + Shapes.str(x.shape) + " cannot become " + want + " (only size-1 dimensions expand)");
            }
            shape[i] = want;
            strides[i] = i < lead || have != want ? 0 : x.strides[i - lead];
        }
        return Recorder.record(x.view(shape, strides, x.offset), Op.EXPAND, "expand", new Tensor[] {x}, x.shape.clone());
    }

    static Tensor copy(Tensor x) {
        x.checkOpen("contiguous");
        Tensor out = new TensorFactory(x.backend(), x.dtype).empty(x.shape);
        x.backend().copy(x.strided(), out.strided());
        return Recorder.record(out, Op.CONTIGUOUS, "contiguous", new Tensor[] {x});
    }

    static Tensor cast(Tensor x, DType target) {
        x.checkOpen("cast");
        Tensor out = new TensorFactory(x.backend(), target).empty(x.shape);
        x.backend().copy(x.strided(), out.strided());
        if (!target.isFloating() || !x.dtype.isFloating()) {
            return out;
        }
        return Recorder.record(out, Op.CAST, "cast", new Tensor[] {x});
    }

    /** Copies through host memory; the only op that joins two backends in one graph. */
    static Tensor toBackend(Tensor x, Backend target) {
        Tensor source = x.contiguous();
        Tensor out = new TensorFactory(target, x.dtype).empty(x.shape);
        int n = Math.toIntExact(x.numel());
        Object host = HostArrays.allocate(x.dtype, n);
        x.backend().read(source.storage.buffer, source.offset, host, 0, n);
        target.write(out.storage.buffer, 0, host, 0, n);
        return Recorder.record(out, Op.CONTIGUOUS, "to", new Tensor[] {x});
    }

    static Tensor concat(int axis, Tensor[] tensors) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("concat: needs at least one tensor");
        }
        Tensor first = tensors[0];
        int a = Shapes.axis("concat", axis, first.rank());
        int total = 0;
        int[] sizes = new int[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            Tensor t = tensors[i];
            t.checkOpen("concat");
            Checks.sameBackend("concat", first, t);
            Checks.sameDtype("concat", first, t);
            boolean compatible = t.rank() == first.rank();
            for (int d = 0; compatible && d < t.rank(); d++) {
                compatible = d == a || t.shape[d] == first.shape[d];
            }
            if (!compatible) {
                throw new IllegalArgumentException("concat: tensor " + i + " has shape " + Shapes.str(t.shape)
                        + ", expected " + Shapes.str(first.shape) + " except along axis " + a);
            }
            sizes[i] = t.shape[a];
            total += sizes[i];
        }
        int[] shape = first.shape.clone();
        shape[a] = total;
        Tensor out = new TensorFactory(first.backend(), first.dtype).empty(shape);
        int start = 0;
        for (int i = 0; i < tensors.length; i++) {
            int[] partShape = shape.clone();
            partShape[a] = sizes[i];
            Strided dst = new Strided(out.storage.buffer, start * out.strides[a], partShape, out.strides);
            first.backend().copy(tensors[i].strided(), dst);
            start += sizes[i];
        }
        int[] attrs = new int[sizes.length + 1];
        attrs[0] = a;
        System.arraycopy(sizes, 0, attrs, 1, sizes.length);
        return Recorder.record(out, Op.CONCAT, "concat", tensors.clone(), attrs);
    }
}
