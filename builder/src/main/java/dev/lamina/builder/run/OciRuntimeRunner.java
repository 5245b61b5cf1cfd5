package dev.lamina.builder.run;

final class OciRuntimeRunner implements Runner {
    OciRuntimeRunner(String runtime, RunnerSettings settings, CgroupHost cgroups) {
    }

    @Override
    public RunResult run(RunSpec spec, OutputSink output) {
        throw new UnsupportedOperationException();
    }
}
