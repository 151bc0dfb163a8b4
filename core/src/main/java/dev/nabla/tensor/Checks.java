package dev.nabla.tensor;

/** Argument checks shared by tensor ops; every message starts with the op's name. */
final class Checks {
    private Checks() {
    }

    static void sameBackend(String op, Tensor a, Tensor b) {
        if (a.backend() != b.backend()) {
            throw new IllegalArgumentException(op + ": tensors are on different backends: " + a.backend().name()
                    + " and " + b.backend().name() + "; move one with to(backend)");
        }
    }

    static void sameDtype(String op, Tensor a, Tensor b) {
        if (a.dtype != b.dtype) {
            throw new IllegalArgumentException(op + ": dtypes differ: " + a.dtype.shortName() + " vs "
                    + b.dtype.shortName() + "; convert one with cast(dtype)");
        }
    }

    static void floating(String op, Tensor t) {
        if (!t.dtype.isFloating()) {
            throw new IllegalArgumentException(op + ": expects a floating-point tensor, got " + t.dtype.shortName());
        }
    }

    static void integral(String op, Tensor t) {
        if (t.dtype.isFloating()) {
            throw new IllegalArgumentException(op + ": expects an int32 or int64 index tensor, got " + t.dtype.shortName());
        }
    }

    static void rank(String op, Tensor t, int rank) {
        if (t.rank() != rank) {
            throw new IllegalArgumentException(op + ": expects a " + rank + "-D tensor, got shape " + Shapes.str(t.shape));
        }
    }
}
