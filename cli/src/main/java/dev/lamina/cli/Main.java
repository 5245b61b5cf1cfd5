package dev.lamina.cli;

import dev.lamina.image.WarmUp;

/** The entry point of the {@code lamina} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (!(args.length == 1 && (args[0].equals("--version") || args[0].equals("-V")))) {
            WarmUp.start();
        }
        int code = Lamina.execute(args, Console.system());
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }
}
