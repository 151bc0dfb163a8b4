package dev.nabla.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Buffer;
import dev.nabla.backend.Strided;
import dev.nabla.backend.reference.ReferenceBackend;
import dev.nabla.tensor.DType;
import java.util.SplittableRandom;

/** The same data in an OpenCL buffer and a reference buffer, compared after both backends ran one op. */
final class Twin {
    static final Backend REF = new ReferenceBackend();

    final Buffer cl;
    final Buffer ref;
    final DType dtype;
    final int length;

    private Twin(Backend backend, DType dtype, int length) {
        this.dtype = dtype;
        this.length = length;
        this.cl = backend.allocate(dtype, length);
        this.ref = REF.allocate(dtype, length);
    }

    /** Random values: floats uniform in [-2, 2), integers in [0, bound). */
    static Twin random(Backend backend, DType dtype, int length, long seed, int bound) {
        Twin t = new Twin(backend, dtype, length);
        SplittableRandom r = new SplittableRandom(seed);
        Object data = switch (dtype) {
            case FLOAT32 -> {
                float[] a = new float[length];
                for (int i = 0; i < length; i++) {
                    a[i] = (float) (r.nextDouble() * 4 - 2);
                }
                yield a;
            }
            case FLOAT64 -> r.doubles(length, -2, 2).toArray();
            case INT32 -> r.ints(length, 0, bound).toArray();
            case INT64 -> r.longs(length, 0, bound).toArray();
        };
        t.write(backend, data);
        return t;
    }

    static Twin random(Backend backend, DType dtype, int length, long seed) {
        return random(backend, dtype, length, seed, 5);
    }

    static Twin of(Backend backend, DType dtype, Object data) {
        Twin t = new Twin(backend, dtype, java.lang.reflect.Array.getLength(data));
        t.write(backend, data);
        return t;
    }

    private void write(Backend backend, Object data) {
        backend.write(cl, 0, data, 0, length);
        REF.write(ref, 0, data, 0, length);
    }

    Strided cl(int offset, int[] shape, int[] strides) {
        return new Strided(cl, offset, shape, strides);
    }

    Strided ref(int offset, int[] shape, int[] strides) {
        return new Strided(ref, offset, shape, strides);
    }

    Strided cl(int... shape) {
        return Strided.contiguous(cl, 0, shape);
    }

    Strided ref(int... shape) {
        return Strided.contiguous(ref, 0, shape);
    }

    double[] values(Backend backend, Buffer b) {
        double[] out = new double[length];
        switch (dtype) {
            case FLOAT32 -> {
                float[] a = new float[length];
                backend.read(b, 0, a, 0, length);
                for (int i = 0; i < length; i++) {
                    out[i] = a[i];
                }
            }
            case FLOAT64 -> backend.read(b, 0, out, 0, length);
            case INT32 -> {
                int[] a = new int[length];
                backend.read(b, 0, a, 0, length);
                for (int i = 0; i < length; i++) {
                    out[i] = a[i];
                }
            }
            case INT64 -> {
                long[] a = new long[length];
                backend.read(b, 0, a, 0, length);
                for (int i = 0; i < length; i++) {
                    out[i] = a[i];
                }
            }
        }
        return out;
    }

    /** Asserts |cl - ref| <= atol + rtol * |ref| everywhere (NaN matches NaN, infinities must agree). */
    void assertClose(Backend backend, double atol, double rtol, String what) {
        double[] got = values(backend, cl);
        double[] want = values(REF, ref);
        for (int i = 0; i < length; i++) {
            double g = got[i];
            double w = want[i];
            if (Double.isNaN(w) || Double.isInfinite(w)) {
                assertEquals(w, g, 0, what + ": element " + i);
            } else if (!(Math.abs(g - w) <= atol + rtol * Math.abs(w))) {
                fail(what + ": element " + i + " is " + g + ", reference " + w + " (" + dtype.shortName() + ")");
            }
        }
    }

    void release(Backend backend) {
        backend.release(cl);
        REF.release(ref);
    }
}
