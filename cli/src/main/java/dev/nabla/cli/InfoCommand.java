package dev.nabla.cli;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import picocli.CommandLine.Command;

/** {@code nabla info}: Java, SIMD support, and every backend found with why an unavailable one cannot run. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show the Java runtime, SIMD support and every backend found (and why any is unavailable).")
final class InfoCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("nabla      " + Versions.nabla());
        System.out.println("java       " + Runtime.version() + " (" + System.getProperty("java.vendor") + ", "
                + System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " cores)");
        boolean vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        System.out.println("simd       " + (vector ? "jdk.incubator.vector present"
                : "off: start the JVM with --add-modules jdk.incubator.vector"));
        System.out.println("backends   (best first)");
        for (Backends.Status s : Backends.available()) {
            System.out.printf("  %-10s %s%n", s.name(), s.available() ? "available: " + s.backend().description()
                    : "unavailable: " + s.unavailableReason());
        }
        try {
            Backend chosen = Backends.defaultBackend();
            System.out.println("default    " + chosen.name());
        } catch (IllegalStateException e) {
            System.out.println("default    none: " + e.getMessage());
        }
    }
}
