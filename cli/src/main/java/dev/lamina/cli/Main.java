package dev.lamina.cli;

/** The entry point of the {@code lamina} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = Lamina.execute(args, Console.system());
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }
}
