package dev.nabla.tensor;

import java.util.Locale;

/** PyTorch-like text for tensors: nested brackets, at most 3 leading and trailing items per dimension past 1000 elements. */
final class TensorFormat {
    private static final int SUMMARIZE_OVER = 1000;
    private static final int EDGE_ITEMS = 3;

    private TensorFormat() {
    }

    static String format(Tensor t) {
        String meta = "shape=" + Shapes.str(t.shape) + ", dtype=" + t.dtype.shortName() + ", backend=" + t.backend().name()
                + (t.requiresGrad() ? ", requires_grad" : "");
        if (t.isClosed()) {
            return "tensor(<closed>, " + meta + ")";
        }
        double[] values = t.toDoubleArray();
        boolean summarize = values.length > SUMMARIZE_OVER;
        StringBuilder sb = new StringBuilder("tensor(");
        append(sb, values, t.shape, 0, 0, summarize, t.dtype.isFloating(), "tensor(".length());
        return sb.append(", ").append(meta).append(')').toString();
    }

    private static void append(StringBuilder sb, double[] values, int[] shape, int dim, int base, boolean summarize,
                               boolean floating, int indent) {
        if (dim == shape.length) {
            sb.append(floating ? String.format(Locale.ROOT, "%.4f", values[base]) : Long.toString((long) values[base]));
            return;
        }
        int size = shape[dim];
        int stride = 1;
        for (int d = dim + 1; d < shape.length; d++) {
            stride *= shape[d];
        }
        sb.append('[');
        for (int i = 0; i < size; i++) {
            if (summarize && size > 2 * EDGE_ITEMS && i == EDGE_ITEMS) {
                sb.append(dim == shape.length - 1 ? "..., " : "...,\n" + " ".repeat(indent + dim + 1));
                i = size - EDGE_ITEMS;
            }
            append(sb, values, shape, dim + 1, base + i * stride, summarize, floating, indent);
            if (i < size - 1) {
                sb.append(dim == shape.length - 1 ? ", " : ",\n" + " ".repeat(indent + dim + 1));
            }
        }
        sb.append(']');
    }
}
