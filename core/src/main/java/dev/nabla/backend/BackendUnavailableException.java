package dev.nabla.backend;

/** Thrown when a backend cannot run on this machine; the message says exactly why. */
public class BackendUnavailableException extends Exception {
    public BackendUnavailableException(String message) {
        super(message);
    }

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
