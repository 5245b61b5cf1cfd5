package dev.lamina.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.dockerfile.instructions.Add;
import dev.lamina.dockerfile.instructions.Arg;
import dev.lamina.dockerfile.instructions.ArgDefinition;
import dev.lamina.dockerfile.instructions.Cmd;
import dev.lamina.dockerfile.instructions.Copy;
import dev.lamina.dockerfile.instructions.Entrypoint;
import dev.lamina.dockerfile.instructions.Env;
import dev.lamina.dockerfile.instructions.ExpandRule;
import dev.lamina.dockerfile.instructions.Expose;
import dev.lamina.dockerfile.instructions.Healthcheck;
import dev.lamina.dockerfile.instructions.InlineFile;
import dev.lamina.dockerfile.instructions.Instruction;
import dev.lamina.dockerfile.instructions.KeyValue;
import dev.lamina.dockerfile.instructions.Label;
import dev.lamina.dockerfile.instructions.Onbuild;
import dev.lamina.dockerfile.instructions.Run;
import dev.lamina.dockerfile.instructions.Shell;
import dev.lamina.dockerfile.instructions.Stage;
import dev.lamina.dockerfile.instructions.Volume;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The typed view of a Dockerfile: stages, instructions, their values as written, errors and warnings. */
class DockerfileTest {
    static Dockerfile parse(String text) {
        return Dockerfile.parse("Dockerfile", text.getBytes(StandardCharsets.UTF_8));
    }

    static List<Instruction> instructions(String text) {
        return parse(text).stages().get(0).instructions();
    }

    static DockerfileException failure(String text) {
        try {
            parse(text);
        } catch (DockerfileException e) {
            return e;
        }
        throw new AssertionError("expected a parse error for:\n" + text);
    }

    @Test
    void argsBeforeTheFirstFromAreGlobalAndStagesSplitAtFrom() {
        Dockerfile dockerfile = parse("""
                ARG VERSION=1.0 DEBUG
                FROM --platform=$BUILDPLATFORM golang:${VERSION} AS Build
                RUN go build
                FROM scratch
                COPY --from=build /out /
                """);
        assertThat(dockerfile.globalArgs()).hasSize(1);
        assertThat(dockerfile.globalArgs().get(0).definitions()).containsExactly(
                new ArgDefinition("VERSION", Optional.of("1.0")), new ArgDefinition("DEBUG", Optional.empty()));
        assertThat(dockerfile.stages()).hasSize(2);
        Stage build = dockerfile.stages().get(0);
        assertThat(build.name()).hasValue("build");
        assertThat(build.from().baseName()).isEqualTo("golang:${VERSION}");
        assertThat(build.from().platform()).hasValue("$BUILDPLATFORM");
        assertThat(build.instructions()).hasSize(1).first().isInstanceOf(Run.class);
        assertThat(dockerfile.stages().get(1).name()).isEmpty();
        assertThat(dockerfile.stage(Optional.of("BUILD"))).containsSame(build);
        assertThat(dockerfile.stage(Optional.empty())).containsSame(dockerfile.stages().get(1));
    }

    @Test
    void instructionsKeepTheirKeywordTextAndLocation() {
        Instruction run = instructions("FROM a\n\n  run echo \\\n    hi\n").get(0);
        assertThat(run.name()).isEqualTo("RUN");
        assertThat(run.source().keyword()).isEqualTo("run");
        assertThat(run.source().original()).isEqualTo("run echo     hi");
        assertThat(run.source().range()).isEqualTo(new SourceRange(3, 3, 4, 7));
        assertThat(run.expandRule()).isEqualTo(ExpandRule.NONE);
    }

    @Test
    void runKeepsShellAndExecFormsAndItsFlagsUnexpanded() {
        List<Instruction> list = instructions("""
                FROM a
                RUN --mount=type=cache,target=/root/.cache --network=none echo "$HOME"
                RUN ["ls", "-la"]
                """);
        Run shell = (Run) list.get(0);
        assertThat(shell.command().args()).containsExactly("echo \"$HOME\"");
        assertThat(shell.command().shellForm()).isTrue();
        assertThat(shell.network()).isEqualTo("none");
        assertThat(shell.security()).isEqualTo("sandbox");
        assertThat(shell.mountSpecs()).hasSize(1);
        Run exec = (Run) list.get(1);
        assertThat(exec.command().args()).containsExactly("ls", "-la");
        assertThat(exec.command().shellForm()).isFalse();
        assertThat(exec.network()).isEqualTo("default");
    }

    @Test
    void mountsAreResolvedWithTheBuildersExpander() {
        Run run = (Run) instructions("FROM a\nRUN --mount=type=$T,id=x,target=/c,sharing=locked,mode=0700 true\n").get(0);
        var mount = run.mounts(word -> word.replace("$T", "cache")).get(0);
        assertThat(mount.type()).isEqualTo("cache");
        assertThat(mount.target()).hasValue("/c");
        assertThat(mount.readOnly()).isFalse();
        assertThat(mount.sharing()).hasValue("locked");
        assertThat(mount.mode()).hasValue(0700L);
        Run bind = (Run) instructions("FROM a\nRUN --mount=target=/src,from=build true\n").get(0);
        assertThat(bind.mounts(w -> w).get(0).readOnly()).isTrue();
    }

    @Test
    void invalidMountsFailWhenResolvedAtTheRun() {
        Run run = (Run) instructions("FROM a\nRUN --mount=type=nfs,target=/x true\n").get(0);
        assertThatThrownBy(() -> run.mounts(w -> w)).isInstanceOfSatisfying(DockerfileException.class,
                e -> assertThat(e.getMessage()).isEqualTo("Dockerfile:2:1: unsupported mount type \"nfs\""));
        Run uid = (Run) instructions("FROM a\nRUN --mount=type=bind,uid=1,target=/x true\n").get(0);
        assertThatThrownBy(() -> uid.mounts(w -> w)).hasMessageEndingWith("uid not allowed for \"bind\" type mounts");
        Run secret = (Run) instructions("FROM a\nRUN --mount=type=secret true\n").get(0);
        assertThatThrownBy(() -> secret.mounts(w -> w))
                .hasMessageEndingWith("invalid secret mount. one of source, target required");
    }

    @Test
    void mountsThatBuildKitRejectsBeforeExpansionFailTheParse() {
        assertThat(failure("FROM a\nRUN --mount=from=$STAGE,target=/x true\n").reason())
                .isEqualTo("'from' doesn't support variable expansion, define alias stage instead");
        assertThat(failure("FROM a\nRUN --mount=type=bind,target=/x\\\"y true\n").reason())
                .startsWith("failed to parse csv mounts");
        assertThat(failure("FROM a\nRUN --network=bridge true\n").reason()).isEqualTo("invalid network mode \"bridge\"");
        assertThat(failure("FROM a\nRUN --security=root true\n").reason()).isEqualTo("security \"root\" is not valid");
    }

    @Test
    void envAndLabelKeepQuotesAndMarkTheLegacyForm() {
        List<Instruction> list = instructions("""
                FROM a
                ENV A="b c" D=e\\ f
                ENV OLD value with spaces
                LABEL "com.example"='x y'
                """);
        assertThat(((Env) list.get(0)).pairs()).containsExactly(new KeyValue("A", "\"b c\"", false),
                new KeyValue("D", "e\\ f", false));
        assertThat(((Env) list.get(1)).pairs()).containsExactly(new KeyValue("OLD", "value with spaces", true));
        assertThat(((Label) list.get(2)).pairs()).containsExactly(new KeyValue("\"com.example\"", "'x y'", false));
    }

    @Test
    void copyAndAddCarryTheirFlagsAndHeredocSources() {
        List<Instruction> list = instructions("""
                FROM a
                COPY --from=build --chown=1:1 --chmod=0644 --link --parents --exclude=*.md --exclude=*.txt a b /dst/
                ADD --checksum=sha256:abc --keep-git-dir=true --unpack=false https://x/y.tar /z
                COPY <<-EOF <<'RAW' /etc/
                \tindented $HOME
                \tEOF
                $literal
                RAW
                """);
        Copy copy = (Copy) list.get(0);
        assertThat(copy.from()).hasValue("build");
        assertThat(copy.chown()).hasValue("1:1");
        assertThat(copy.chmod()).hasValue("0644");
        assertThat(copy.link()).isTrue();
        assertThat(copy.parents()).isTrue();
        assertThat(copy.excludes()).containsExactly("*.md", "*.txt");
        assertThat(copy.sources().paths()).containsExactly("a", "b");
        assertThat(copy.sources().destination()).isEqualTo("/dst/");
        Add add = (Add) list.get(1);
        assertThat(add.checksum()).hasValue("sha256:abc");
        assertThat(add.keepGitDir()).isTrue();
        assertThat(add.unpack()).hasValue(false);
        assertThat(add.link()).isFalse();
        Copy heredocs = (Copy) list.get(2);
        assertThat(heredocs.sources().paths()).isEmpty();
        assertThat(heredocs.sources().inline()).containsExactly(
                new InlineFile("EOF", "\tindented $HOME\n", true, true),
                new InlineFile("RAW", "$literal\n", false, false));
        assertThat(heredocs.sources().inline().get(0).content()).isEqualTo("indented $HOME\n");
    }

    @Test
    void runHeredocsBecomeFilesOfTheCommand() {
        Run run = (Run) instructions("FROM a\nRUN <<EOF\necho hi\nEOF\n").get(0);
        assertThat(run.command().args()).containsExactly("<<EOF");
        assertThat(run.command().heredocs()).containsExactly(new InlineFile("EOF", "echo hi\n", false, true));
        assertThat(run.source().range().endLine()).isEqualTo(4);
    }

    @Test
    void healthcheckFlagsAreGoDurations() {
        List<Instruction> list = instructions("""
                FROM a
                HEALTHCHECK --interval=1m30s --timeout=500ms --start-period=1.5s --retries=3 CMD curl -f http://x/
                HEALTHCHECK CMD ["true"]
                HEALTHCHECK NONE
                """);
        var shell = ((Healthcheck) list.get(0)).config();
        assertThat(shell.test()).containsExactly("CMD-SHELL", "curl -f http://x/");
        assertThat(shell.interval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(shell.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(shell.startPeriod()).isEqualTo(Duration.ofMillis(1500));
        assertThat(shell.retries()).isEqualTo(3);
        assertThat(((Healthcheck) list.get(1)).config().test()).containsExactly("CMD", "true");
        assertThat(((Healthcheck) list.get(2)).config().test()).containsExactly("NONE");
    }

    @Test
    void healthcheckMistakesAreWordedAsBuildKitWordsThem() {
        assertThat(failure("FROM a\nHEALTHCHECK CONNECT TCP 7000\n").reason())
                .isEqualTo("Unknown type \"CONNECT\" in HEALTHCHECK (try CMD)");
        assertThat(failure("FROM a\nHEALTHCHECK --interval=5 CMD x\n").reason())
                .isEqualTo("time: missing unit in duration \"5\"");
        assertThat(failure("FROM a\nHEALTHCHECK --interval=1us CMD x\n").reason())
                .isEqualTo("Interval \"interval\" cannot be less than 1ms");
        assertThat(failure("FROM a\nHEALTHCHECK --retries=-1 CMD x\n").reason())
                .isEqualTo("--retries cannot be negative (-1)");
        assertThat(failure("FROM a\nHEALTHCHECK NONE x\n").reason()).isEqualTo("HEALTHCHECK NONE takes no arguments");
        assertThat(failure("FROM a\nHEALTHCHECK CMD\n").reason()).isEqualTo("Missing command after HEALTHCHECK CMD");
    }

    @Test
    void exposeVolumeShellAndOnbuildAreTyped() {
        List<Instruction> list = instructions("""
                FROM a
                EXPOSE 8080/tcp 53/udp 80
                VOLUME ["/data", "/logs"]
                SHELL ["/bin/bash", "-c"]
                ONBUILD RUN <<EOF
                make
                EOF
                """);
        assertThat(((Expose) list.get(0)).ports()).containsExactly("53/udp", "80", "8080/tcp");
        assertThat(((Expose) list.get(0)).expandRule()).isEqualTo(ExpandRule.SPLIT_WORDS);
        assertThat(((Volume) list.get(1)).paths()).containsExactly("/data", "/logs");
        assertThat(((Shell) list.get(2)).shell()).containsExactly("/bin/bash", "-c");
        Onbuild onbuild = (Onbuild) list.get(3);
        assertThat(onbuild.trigger()).isEqualTo("RUN");
        assertThat(onbuild.expression()).isEqualTo("RUN <<EOF\nmake\nEOF");
    }

    @Test
    void onbuildCannotChainOrWrapFromOrMaintainer() {
        assertThat(failure("FROM a\nONBUILD ONBUILD RUN x\n").reason())
                .isEqualTo("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
        assertThat(failure("FROM a\nONBUILD from b\n").reason()).isEqualTo("FROM isn't allowed as an ONBUILD trigger");
        assertThat(failure("FROM a\nONBUILD MAINTAINER me\n").reason())
                .isEqualTo("MAINTAINER isn't allowed as an ONBUILD trigger");
        assertThat(failure("FROM a\nONBUILD\n").reason()).isEqualTo("ONBUILD requires at least one argument");
    }

    @Test
    void unknownInstructionsAndFlagsSuggestTheClosestName() {
        DockerfileException unknown = failure("FROM a\n  RUNN echo\n");
        assertThat(unknown.reason()).isEqualTo("unknown instruction: RUNN (did you mean RUN?)");
        assertThat(unknown.getMessage()).isEqualTo("Dockerfile:2:3: unknown instruction: RUNN (did you mean RUN?)");
        assertThat(failure("FROM a\nCOPY --chwn=1 a b\n").reason())
                .isEqualTo("unknown flag: --chwn (did you mean --chown?)");
        assertThat(failure("FROM a\nCOPY --nosuchflag a b\n").reason()).isEqualTo("unknown flag: --nosuchflag");
        assertThat(failure("FROM a\nCOPY --exclude a b\n").reason()).isEqualTo("missing a value on flag: --exclude");
        assertThat(failure("FROM a\nCOPY --link=maybe a b\n").reason())
                .isEqualTo("expecting boolean value for flag --link, not: maybe");
        assertThat(failure("FROM a\nCOPY --from=x --from=y a b\n").reason())
                .isEqualTo("duplicate flag specified: --from");
        assertThat(failure("FROM a\nENV --x=1 A=b\n").reason()).isEqualTo("unknown flag: --x");
    }

    @Test
    void argumentCountsAreChecked() {
        assertThat(failure("FROM\n").reason()).isEqualTo("FROM requires either one or three arguments");
        assertThat(failure("FROM a AS\n").reason()).isEqualTo("FROM requires either one or three arguments");
        assertThat(failure("FROM a AS 1st\n").reason())
                .isEqualTo("invalid name for build stage: \"1st\", name can't start with a number or contain symbols");
        assertThat(failure("FROM a\nCOPY only\n").reason()).isEqualTo(
                "COPY requires at least two arguments, but only one was provided. Destination could not be determined");
        assertThat(failure("FROM a\nWORKDIR\n").reason()).isEqualTo("WORKDIR requires exactly one argument");
        assertThat(instructions("FROM a\nWORKDIR /a b\n").get(0)).hasFieldOrPropertyWithValue("path", "/a b");
        assertThat(failure("FROM a\nUSER\n").reason()).isEqualTo("USER requires exactly one argument");
        assertThat(failure("FROM a\nEXPOSE\n").reason()).isEqualTo("EXPOSE requires at least one argument");
        assertThat(failure("FROM a\nARG\n").reason()).isEqualTo("ARG requires at least one argument");
        assertThat(failure("FROM a\nARG =x\n").reason()).isEqualTo("ARG names can not be blank");
        assertThat(failure("FROM a\nENV\n").reason()).isEqualTo("ENV requires at least one argument");
        assertThat(failure("FROM a\nVOLUME [\"\"]\n").reason()).isEqualTo("VOLUME specified can not be an empty string");
        assertThat(failure("FROM a\nCOPY a <<EOF\nx\nEOF\n").reason())
                .isEqualTo("COPY cannot accept a heredoc as a destination");
    }

    @Test
    void shellOnlyTakesJson() {
        assertThat(failure("FROM a\nSHELL /bin/sh -c\n").reason()).isEqualTo("SHELL requires the arguments to be in JSON form");
        assertThat(failure("FROM a\nSHELL [\"c:\\windows\\cmd.exe\", \"/S\"]\n").reason())
                .startsWith("SHELL requires the arguments to be in JSON form. It looks like");
        assertThat(failure("FROM a\nSHELL []\n").reason()).isEqualTo("SHELL requires at least one argument");
    }

    @Test
    void instructionsBeforeTheFirstFromOtherThanArgAreRejected() {
        DockerfileException e = failure("# comment\nRUN echo\nFROM a\n");
        assertThat(e.reason()).isEqualTo("no build stage in current context");
        assertThat(e.range().startLine()).isEqualTo(2);
    }

    @Test
    void parserErrorsCarryTheirLine() {
        assertThat(failure("FROM a\nRUN <<EOF\nnever ends\n").getMessage()).isEqualTo("Dockerfile:2:1: unterminated heredoc");
        assertThat(failure("FROM a\nCMD [\"a\", 1]\n").getMessage())
                .isEqualTo("Dockerfile:2:1: when using JSON array syntax, arrays must be comprised of strings only");
        assertThat(failure("# escape=x\nFROM a\n").getMessage())
                .isEqualTo("Dockerfile:1:1: invalid escape token 'x' does not match ` or \\");
        assertThat(failure("# escape=`\n# escape=\\\nFROM a\n").reason())
                .isEqualTo("only one escape parser directive can be used");
        assertThat(failure("\n\n# only a comment\n").reason()).isEqualTo("file with no instructions");
    }

    @Test
    void theEscapeDirectiveChangesContinuationsAndWords() {
        Dockerfile dockerfile = parse("# escape=`\nFROM windows\nRUN dir c:\\ `\n  /s\nENV P=c:\\x\n");
        assertThat(dockerfile.escape()).isEqualTo('`');
        assertThat(dockerfile.lexer().escape()).isEqualTo('`');
        List<Instruction> list = dockerfile.stages().get(0).instructions();
        assertThat(((Run) list.get(0)).command().args()).containsExactly("dir c:\\   /s");
        assertThat(((Env) list.get(1)).pairs().get(0).value()).isEqualTo("c:\\x");
    }

    @Test
    void cmdAndEntrypointForms() {
        List<Instruction> list = instructions("FROM a\nCMD [\"a\", \"b\"]\nENTRYPOINT []\nCMD ['not', 'json']\n");
        assertThat(((Cmd) list.get(0)).command().args()).containsExactly("a", "b");
        assertThat(((Entrypoint) list.get(1)).command().args()).isEmpty();
        assertThat(((Entrypoint) list.get(1)).command().shellForm()).isFalse();
        assertThat(((Cmd) list.get(2)).command().args()).containsExactly("['not', 'json']");
    }

    @Test
    void onbuildTriggersOfABaseImageParseIntoInstructions() {
        Onbuild onbuild = (Onbuild) instructions("FROM a\nONBUILD COPY <<EOF /etc/x\nhello\nEOF\n").get(0);
        List<Instruction> triggers = dev.lamina.dockerfile.instructions.Instructions.parseTriggers("base:1",
                List.of("RUN echo hi", onbuild.expression()));
        assertThat(triggers).hasSize(2);
        assertThat(triggers.get(0)).isInstanceOf(Run.class);
        assertThat(((Copy) triggers.get(1)).sources().inline().get(0).content()).isEqualTo("hello\n");
        assertThatThrownBy(() -> dev.lamina.dockerfile.instructions.Instructions.parseTriggers("base:1",
                List.of("FROM x"))).hasMessage("base:1:1:1: FROM isn't allowed as an ONBUILD trigger");
    }

    @Test
    void argDefaultsAreKeptAsWritten() {
        Arg arg = (Arg) instructions("FROM a\nARG A B=\"x y\" C=\n").get(0);
        assertThat(arg.definitions()).containsExactly(new ArgDefinition("A", Optional.empty()),
                new ArgDefinition("B", Optional.of("\"x y\"")), new ArgDefinition("C", Optional.of("")));
    }
}
