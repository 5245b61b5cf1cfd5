package dev.lamina.bench.dockerfile;

import dev.lamina.dockerfile.Dockerfile;
import dev.lamina.dockerfile.ignore.IgnoreMatcher;
import dev.lamina.dockerfile.parser.ParseTree;
import dev.lamina.dockerfile.parser.RawParser;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two figures: parsing a generated 5,000-line Dockerfile (raw tree alone, and typed with the
 * build checks), and deciding 100,000 context paths against a 50-pattern .dockerignore.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParserBenchmark {
    private byte[] dockerfile;
    private IgnoreMatcher matcher;
    private List<String> paths;

    @Setup
    public void setUp() {
        dockerfile = Workloads.dockerfile(5_000);
        matcher = IgnoreMatcher.compile(Workloads.ignorePatterns());
        paths = Workloads.paths(100_000);
        Dockerfile.parse("bench.Dockerfile", dockerfile); // fail early if the generator ever writes a bad file
    }

    @Benchmark
    public ParseTree parse5000LineDockerfileRawTree() {
        return RawParser.parse("bench.Dockerfile", dockerfile);
    }

    @Benchmark
    public Dockerfile parse5000LineDockerfileTyped() {
        return Dockerfile.parse("bench.Dockerfile", dockerfile);
    }

    @Benchmark
    public int match100000PathsAgainst50Patterns() {
        int excluded = 0;
        for (String path : paths) {
            if (matcher.matches(path)) {
                excluded++;
            }
        }
        return excluded;
    }
}
