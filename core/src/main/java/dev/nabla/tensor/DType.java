package dev.nabla.tensor;

/**
 * Element types a tensor can hold.
 *
 * <p>{@code FLOAT32} is the training type; {@code FLOAT64} exists for gradient checks and as the
 * reference backend's oracle precision; the integer types hold labels and indices.
 */
public enum DType {
    FLOAT32(4, true),
    FLOAT64(8, true),
    INT32(4, false),
    INT64(8, false);

    private final int byteSize;
    private final boolean floating;

    DType(int byteSize, boolean floating) {
        this.byteSize = byteSize;
        this.floating = floating;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** True for the floating-point types, the only ones that can require gradients. */
    public boolean isFloating() {
        return floating;
    }

    /** The lower-case name used in messages and files, e.g. {@code float32}. */
    public String shortName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
