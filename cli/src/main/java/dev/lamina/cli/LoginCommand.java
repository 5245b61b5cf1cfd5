package dev.lamina.cli;

import dev.lamina.image.ImageReference;
import dev.lamina.registry.RegistryClient;
import dev.lamina.registry.credentials.Credentials;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "login", description = "Log in to a registry; credentials are kept as Docker keeps them.")
final class LoginCommand implements Callable<Integer> {
    /** Enough for any password or token; a larger stdin is a mistake (a file piped by accident). */
    private static final int PASSWORD_LIMIT = 64 * 1024;

    @ParentCommand
    Lamina lamina;

    @Mixin
    TlsVerifyOption tls;

    @Option(names = {"-u", "--username"}, paramLabel = "USER", description = "The user name.")
    String username;

    @Option(names = {"-p", "--password"}, paramLabel = "PASSWORD",
            description = "The password (visible to other users of the machine: prefer --password-stdin).")
    String password;

    @Option(names = "--password-stdin", description = "Read the password from stdin.")
    boolean passwordStdin;

    @Parameters(arity = "0..1", paramLabel = "REGISTRY", description = "The registry (default: docker.io).")
    String registry = ImageReference.DOCKER_HUB;

    @Override
    public Integer call() throws IOException {
        Console console = lamina.console();
        String name = RegistryClient.normalise(registry);
        String user = username != null ? username : prompt("Username: ");
        String secret = secret();
        if (user.isEmpty() || secret.isEmpty()) {
            throw new UsageException("a user name and a password are required");
        }
        Registries registries = lamina.registries();
        Credentials kept = registries.client(tls.tlsVerify).login(name, Credentials.of(user, secret));
        String where = registries.credentials().store(name, kept);
        if (where.equals(registries.credentials().file().toString()) && kept.identityToken().isEmpty()) {
            console.err().println("WARNING! Your password is stored unencrypted in " + where + ".");
        }
        console.out().println("Login Succeeded");
        return Lamina.OK;
    }

    private String secret() throws IOException {
        if (passwordStdin) {
            if (password != null) {
                throw new UsageException("--password and --password-stdin are mutually exclusive");
            }
            if (username == null) {
                throw new UsageException("--password-stdin needs --username");
            }
            return readStdin(lamina.console().in());
        }
        if (password != null) {
            lamina.console().err().println("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
            return password;
        }
        java.io.Console terminal = System.console();
        if (!lamina.console().interactive() || terminal == null) {
            throw new UsageException("no password: use --password-stdin when not on a terminal");
        }
        char[] typed = terminal.readPassword("Password: ");
        return typed == null ? "" : new String(typed);
    }

    private String prompt(String label) {
        java.io.Console terminal = System.console();
        if (!lamina.console().interactive() || terminal == null) {
            throw new UsageException("no user name: use --username when not on a terminal");
        }
        String line = terminal.readLine(label);
        return line == null ? "" : line.trim();
    }

    /** The whole of stdin without its trailing line break(s), as docker login reads it. */
    private static String readStdin(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(PASSWORD_LIMIT + 1);
        if (bytes.length > PASSWORD_LIMIT) {
            throw new UsageException("the password on stdin is longer than " + PASSWORD_LIMIT + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8).replaceAll("[\r\n]+$", "");
    }
}
