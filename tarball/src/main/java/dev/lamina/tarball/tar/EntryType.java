package dev.lamina.tarball.tar;

import java.util.Optional;

/** The kinds of filesystem object a layer tar can hold, with the type flag each is written with. */
public enum EntryType {
    REGULAR('0'),
    HARDLINK('1'),
    SYMLINK('2'),
    CHAR_DEVICE('3'),
    BLOCK_DEVICE('4'),
    DIRECTORY('5'),
    FIFO('6');

    private final char flag;

    EntryType(char flag) {
        this.flag = flag;
    }

    public char flag() {
        return flag;
    }

    /** Only regular files carry content; every other type is a header alone. */
    public boolean hasContent() {
        return this == REGULAR;
    }

    public boolean isDevice() {
        return this == CHAR_DEVICE || this == BLOCK_DEVICE;
    }

    /** The type for a flag, folding the historical aliases ('\0' and '7' are regular files). */
    static Optional<EntryType> ofFlag(byte flag) {
        return switch (flag) {
            case '0', 0, '7' -> Optional.of(REGULAR);
            case '1' -> Optional.of(HARDLINK);
            case '2' -> Optional.of(SYMLINK);
            case '3' -> Optional.of(CHAR_DEVICE);
            case '4' -> Optional.of(BLOCK_DEVICE);
            case '5' -> Optional.of(DIRECTORY);
            case '6' -> Optional.of(FIFO);
            default -> Optional.empty();
        };
    }
}
