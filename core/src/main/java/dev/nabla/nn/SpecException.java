package dev.nabla.nn;

/** A model or job description that is invalid; the message starts with the field's path ({@code model.layers[2].kernel}). */
public class SpecException extends IllegalArgumentException {
    private final String path;

    public SpecException(String path, String message) {
        super(path + ": " + message);
        this.path = path;
    }

    /** The offending field's path. */
    public String path() {
        return path;
    }
}
