package dev.lamina.builder.exec;

import dev.lamina.builder.BuildListener;
import dev.lamina.builder.BuildStep;
import dev.lamina.builder.LayerRef;
import dev.lamina.builder.cache.CacheRecord;
import dev.lamina.builder.cache.KeyHasher;
import dev.lamina.builder.cache.StepInputs;
import dev.lamina.image.Digest;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A layer step in the build cache: its key is its operation, the layers below it (the chain ID; none for a step that
 * stands alone, as {@code COPY --link}) and the fingerprints of what it reads. A hit takes the recorded layer and time;
 * a miss runs the step, records the result and says what changed since the step's slot last ran. Progress is reported
 * either way.
 */
final class StepCache {
    private final BuildSession session;

    StepCache(BuildSession session) {
        this.session = session;
    }

    /** A step's result: its layer, when that was made (the history entry's time), and its cache key. */
    record Result(LayerRef layer, Instant created, Digest key) {
    }

    /** Makes the step's layer, on a miss; {@code created} is the time its new files and directories get. */
    @FunctionalInterface
    interface Maker {
        LayerRef make(Instant created) throws IOException;
    }

    /**
     * The cached result under {@code key} (a key a {@link dev.lamina.builder.cache.StepMemos memo} vouches for),
     * reported as a hit, if the record is there and the step's slot remembers that key already; otherwise empty,
     * and nothing is reported: the step takes the long way through {@link #run}.
     */
    Optional<Result> runFromMemo(BuildStep step, Digest slot, Digest key) {
        if (session.request.noCache() || !session.cache.slotKeyIs(slot, key)) {
            return Optional.empty();
        }
        long started = System.nanoTime();
        Optional<CacheRecord> hit = session.cache.lookup(key);
        if (hit.isEmpty()) {
            return Optional.empty();
        }
        session.listener.stepStarted(step);
        session.stepsCached++;
        session.listener.stepFinished(step, BuildListener.Status.CACHED,
                Duration.ofNanos(System.nanoTime() - started), Optional.empty());
        return Optional.of(cached(hit.get(), key));
    }

    /**
     * @param slot where the step is (context, Dockerfile, stage, position): what the last build there read is
     *     kept under it
     * @param parent the chain ID of the layers below, or {@link dev.lamina.builder.fs.ChainIds#EMPTY}
     */
    Result run(BuildStep step, Digest slot, Digest operation, Digest parent, StepInputs inputs, Maker maker) {
        Digest key = new KeyHasher("step-v1").add("operation", operation).add("parent", parent)
                .add("inputs", inputs.digest()).digest();
        session.listener.stepStarted(step);
        long started = System.nanoTime();
        boolean noCache = session.request.noCache();
        Optional<CacheRecord> hit = noCache ? Optional.empty() : session.cache.lookup(key);
        Result result;
        Optional<String> why = Optional.empty();
        if (hit.isPresent()) {
            result = cached(hit.get(), key);
            session.stepsCached++;
        } else {
            why = noCache ? Optional.empty() : session.cache.explainMiss(slot, key, parent, operation, inputs);
            Instant created = session.epoch.orElseGet(Instant::now);
            LayerRef layer = BuildSession.unchecked(() -> maker.make(created));
            BuildSession.unchecked(() -> {
                session.cache.record(key, layer, created.toString(), step.text());
                return null;
            });
            result = new Result(layer, created, key);
            session.stepsRun++;
        }
        BuildSession.unchecked(() -> {
            session.cache.remember(slot, key, parent, operation, inputs);
            return null;
        });
        session.listener.stepFinished(step, hit.isPresent() ? BuildListener.Status.CACHED : BuildListener.Status.DONE,
                Duration.ofNanos(System.nanoTime() - started), why);
        return result;
    }

    /** A hit's result: the recorded layer, and the recorded time (so that a rebuild gives the same image). */
    private static Result cached(CacheRecord record, Digest key) {
        return new Result(record.layerRef(), Instant.parse(record.created()), key);
    }
}
