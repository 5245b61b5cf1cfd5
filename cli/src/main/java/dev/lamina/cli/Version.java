package dev.lamina.cli;

import picocli.CommandLine;

/** {@code lamina --version}: the build's version and the Java it runs on. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Version.class.getPackage().getImplementationVersion();
        return new String[] {
                "lamina " + (version == null ? "0.1.0-SNAPSHOT" : version),
                "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
        };
    }
}
