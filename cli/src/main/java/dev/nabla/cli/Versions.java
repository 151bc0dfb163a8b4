package dev.nabla.cli;

import picocli.CommandLine;

/** Version lines for {@code nabla --version}. */
public final class Versions implements CommandLine.IVersionProvider {
    /** The Nabla version from the jar manifest, or "development build". */
    public static String nabla() {
        String v = Versions.class.getPackage().getImplementationVersion();
        return v != null ? v : "development build";
    }

    @Override
    public String[] getVersion() {
        return new String[] {"nabla " + nabla(), "java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }
}
