package dev.lamina.builder.copy;

import dev.lamina.builder.BuildException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code --chmod} value, as BuildKit accepts it: octal ({@code 0755}, up to {@code 07777}, replacing the
 * permission bits) or symbolic as chmod(1) writes it ({@code u+x,go=rX}, {@code a-w}), applied to each copied file and
 * directory (not to symlinks, nor to directories made on the way).
 */
final class ChmodSpec {
    private final String text;
    private final int octal;
    private final List<Clause> clauses;

    private record Clause(int who, char op, int perms, char copyFrom, boolean conditionalExec) {
    }

    private ChmodSpec(String text, int octal, List<Clause> clauses) {
        this.text = text;
        this.octal = octal;
        this.clauses = clauses;
    }

    static ChmodSpec parse(String text) {
        if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
            int value;
            try {
                value = Integer.parseInt(text, 8);
            } catch (NumberFormatException e) {
                value = -1;
            }
            if (value < 0 || value > 07777) {
                throw invalidOctal(text);
            }
            return new ChmodSpec(text, value, List.of());
        }
        List<Clause> clauses = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            parseClause(text, part, clauses);
        }
        return new ChmodSpec(text, -1, List.copyOf(clauses));
    }

    /** The permission bits ({@code 07777}) a copied entry gets, from those it has. */
    int apply(int mode, boolean directory) {
        if (octal >= 0) {
            return octal;
        }
        int result = mode & 07777;
        for (Clause c : clauses) {
            int bits = c.perms();
            if (c.copyFrom() != 0) {
                int shift = switch (c.copyFrom()) {
                    case 'u' -> 6;
                    case 'g' -> 3;
                    default -> 0;
                };
                int source = (result >> shift) & 7;
                bits = source << 6 | source << 3 | source;
            }
            if (c.conditionalExec() && (directory || (result & 0111) != 0)) {
                bits |= 0111;
            }
            int mask = whoMask(c.who());
            int special = 0;
            if ((c.perms() & 04000) != 0 && (c.who() & 4) != 0) {
                special |= 04000;
            }
            if ((c.perms() & 02000) != 0 && (c.who() & 2) != 0) {
                special |= 02000;
            }
            if ((c.perms() & 01000) != 0) {
                special |= 01000;
            }
            int effective = (bits & 0777 & mask) | special;
            switch (c.op()) {
                case '+' -> result |= effective;
                case '-' -> result &= ~effective;
                default -> result = (result & ~(mask | whoSpecial(c.who()))) | effective;
            }
        }
        return result;
    }

    @Override
    public String toString() {
        return text;
    }

    private static void parseClause(String text, String part, List<Clause> out) {
        int i = 0;
        int who = 0;
        while (i < part.length() && "ugoa".indexOf(part.charAt(i)) >= 0) {
            who |= switch (part.charAt(i)) {
                case 'u' -> 4;
                case 'g' -> 2;
                case 'o' -> 1;
                default -> 7;
            };
            i++;
        }
        if (who == 0) {
            who = 7;
        }
        if (i >= part.length()) {
            throw invalid(text);
        }
        while (i < part.length()) {
            char op = part.charAt(i++);
            if (op != '+' && op != '-' && op != '=') {
                throw invalid(text);
            }
            int perms = 0;
            char copyFrom = 0;
            boolean conditional = false;
            while (i < part.length() && "rwxXstugo".indexOf(part.charAt(i)) >= 0) {
                char p = part.charAt(i++);
                switch (p) {
                    case 'r' -> perms |= 0444;
                    case 'w' -> perms |= 0222;
                    case 'x' -> perms |= 0111;
                    case 'X' -> conditional = true;
                    case 's' -> perms |= 06000;
                    case 't' -> perms |= 01000;
                    default -> copyFrom = p;
                }
            }
            out.add(new Clause(who, op, perms, copyFrom, conditional));
        }
    }

    private static int whoMask(int who) {
        return ((who & 4) != 0 ? 0700 : 0) | ((who & 2) != 0 ? 0070 : 0) | ((who & 1) != 0 ? 0007 : 0);
    }

    private static int whoSpecial(int who) {
        return ((who & 4) != 0 ? 04000 : 0) | ((who & 2) != 0 ? 02000 : 0) | (who == 7 ? 01000 : 0);
    }

    private static BuildException invalidOctal(String text) {
        return new BuildException("invalid chmod parameter: '" + text
                + "'. it should be octal string and between 0 and 07777");
    }

    private static BuildException invalid(String text) {
        return new BuildException("invalid chmod parameter: '" + text
                + "'. it should be octal (0755) or symbolic (u+x,go=rX)");
    }
}
