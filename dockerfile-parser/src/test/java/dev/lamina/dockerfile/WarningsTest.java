package dev.lamina.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** BuildKit's build checks that need nothing but the file, and the check directive that tunes them. */
class WarningsTest {
    private static List<String> messages(String text) {
        return DockerfileTest.parse(text).warnings().stream().map(w -> w.rule() + ": " + w.message()).toList();
    }

    @Test
    void aCleanDockerfileHasNoWarnings() {
        assertThat(messages("FROM alpine AS build\nRUN true\nCMD [\"sh\"]\n")).isEmpty();
    }

    @Test
    void deprecatedAndLegacyFormsWarn() {
        assertThat(messages("FROM a\nMAINTAINER me\nENV A b\nLABEL k v\n")).containsExactly(
                "MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label",
                "LegacyKeyValueFormat: \"ENV key=value\" should be used instead of legacy \"ENV key value\" format",
                "LegacyKeyValueFormat: \"LABEL key=value\" should be used instead of legacy \"LABEL key value\" format");
    }

    @Test
    void shellFormCmdAndEntrypointRecommendJsonUnlessAShellWasSet() {
        assertThat(messages("FROM a\nENTRYPOINT run.sh\nCMD run --help\n")).containsExactly(
                "JSONArgsRecommended: JSON arguments recommended for ENTRYPOINT to prevent unintended behavior related"
                        + " to OS signals",
                "JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS"
                        + " signals");
        assertThat(messages("FROM a AS base\nSHELL [\"bash\", \"-c\"]\nFROM base\nCMD run.sh\n")).isEmpty();
    }

    @Test
    void repeatedCmdWarnsAtTheOneThatIsIgnored() {
        Warning warning = DockerfileTest.parse("FROM a\nCMD [\"a\"]\nCMD [\"b\"]\n").warnings().get(0);
        assertThat(warning.rule()).isEqualTo("MultipleInstructionsDisallowed");
        assertThat(warning.message()).isEqualTo("Multiple CMD instructions should not be used in the same stage because"
                + " only the last one will be used");
        assertThat(warning.range().startLine()).isEqualTo(2);
        assertThat(warning.url()).isEqualTo("https://docs.docker.com/go/dockerfile/rule/multiple-instructions-disallowed/");
    }

    @Test
    void stageNamesAreChecked() {
        assertThat(messages("FROM a AS Build\nFROM b as x\nFROM c AS x\nFROM d AS scratch\n")).containsExactly(
                "StageNameCasing: Stage name 'Build' should be lowercase",
                "FromAsCasing: 'as' and 'FROM' keywords' casing do not match",
                "DuplicateStageName: Duplicate stage name \"x\", stage names should be unique",
                "ReservedStageName: Stage name should not use the same name as reserved stage \"scratch\"");
    }

    @Test
    void instructionCasingFollowsTheMajority() {
        assertThat(messages("FROM a\nrun x\nRUN y\nCopy a b\n")).containsExactly(
                "ConsistentInstructionCasing: Command 'run' should match the case of the command majority (uppercase)",
                "ConsistentInstructionCasing: Command 'Copy' should match the case of the command majority (uppercase)");
    }

    @Test
    void secretLookingArgAndEnvNamesWarn() {
        assertThat(messages("ARG GITHUB_TOKEN\nFROM a\nENV DB_PASSWORD=x PUBLIC_KEY=y MONKEY=z\n")).containsExactly(
                "SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ARG \"GITHUB_TOKEN\")",
                "SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ENV \"DB_PASSWORD\")");
    }

    @Test
    void emptyContinuationLinesWarn() {
        assertThat(messages("FROM a\nRUN a \\\n\n  b\n")).containsExactly(
                "NoEmptyContinuation: Empty continuation line found in: RUN a   b");
    }

    @Test
    void theCheckDirectiveSkipsRules() {
        Dockerfile skipOne = DockerfileTest.parse("# check=skip=MaintainerDeprecated;error=true\nFROM a\nMAINTAINER me\n"
                + "CMD x\n");
        assertThat(skipOne.warnings()).extracting(Warning::rule).containsExactly("JSONArgsRecommended");
        assertThat(skipOne.checks().error()).isTrue();
        assertThat(DockerfileTest.parse("# check=skip=all\nFROM a\nMAINTAINER me\n").warnings()).isEmpty();
        assertThat(DockerfileTest.failure("# check=skip\nFROM a\n").reason())
                .isEqualTo("failed to parse check options: invalid check option \"skip\"");
    }
}
