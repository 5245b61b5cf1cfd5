package dev.lamina.dockerfile.instructions;

import java.util.List;

/**
 * The command of RUN, CMD or ENTRYPOINT.
 *
 * @param args in exec form, the JSON array's strings; in shell form, one string: the command text as written
 * @param shellForm whether the stage's SHELL must be prepended (BuildKit's {@code PrependShell})
 * @param heredocs the here-documents of a RUN, in order
 */
public record CommandArgs(List<String> args, boolean shellForm, List<InlineFile> heredocs) {
    public CommandArgs {
        args = List.copyOf(args);
        heredocs = List.copyOf(heredocs);
    }
}
