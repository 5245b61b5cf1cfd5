package dev.lamina.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.image.Digest;
import dev.lamina.image.json.Json;
import dev.lamina.tarball.inspect.Efficiency;
import dev.lamina.tarball.inspect.ImageScanner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * dive's CI report without dive: the efficiency score, the bytes later layers overwrite or delete, the biggest
 * offenders, and dive's three gates (exit 1 when one fails). A command of its own rather than an option of
 * {@code layers}: it judges the whole image, and its exit status is a verdict a CI job acts on, where
 * {@code layers} only fails when it cannot read the image.
 */
@Command(name = "efficiency", description = "Measure wasted space as dive does: the efficiency score, the bytes of"
        + " files later layers overwrite or delete, and the biggest offenders; --fail-under and the other gates exit"
        + " 1 for CI (any transport, layers streamed, nothing imported).")
final class EfficiencyCommand implements Callable<Integer> {
    @ParentCommand
    Lamina lamina;

    @Option(names = "--format", paramLabel = "table|json", defaultValue = "table",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Option(names = "--top", paramLabel = "N", defaultValue = "20",
            description = "How many offenders to list, largest first (default: ${DEFAULT-VALUE}; 0 for none).")
    int top;

    @Option(names = "--fail-under", paramLabel = "SCORE", description = "Exit 1 when the efficiency score is below"
            + " SCORE: a fraction (0.95) or a percentage (95%%), as dive's lowestEfficiency.")
    String failUnder;

    @Option(names = "--max-wasted", paramLabel = "SIZE", description = "Exit 1 when more than SIZE is wasted (20MB,"
            + " 1.5GB), as dive's highestWastedBytes.")
    String maxWasted;

    @Option(names = "--max-user-wasted", paramLabel = "RATIO", description = "Exit 1 when the wasted bytes exceed"
            + " RATIO of what the layers above the base add (0.1 or 10%%), as dive's highestUserWastedPercent.")
    String maxUserWasted;

    @Option(names = "--platform", paramLabel = "OS/ARCH", description = "The platform to measure from a"
            + " multi-platform image (default: this machine's).")
    String platform;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "A store reference or ID, or TRANSPORT:….")
    String image;

    @Override
    public Integer call() throws IOException {
        if (top < 0) {
            throw new UsageException("--top must be 0 or more");
        }
        // gates are read before the image, so that a mistyped one fails at once
        Double lowest = failUnder == null ? null : ratio("--fail-under", failUnder);
        Long highestWasted = maxWasted == null ? null : Units.parseSize(maxWasted);
        Double highestUserWasted = maxUserWasted == null ? null : ratio("--max-user-wasted", maxUserWasted);
        Efficiency efficiency;
        Digest id;
        try (InspectTarget target = InspectTarget.open(image, platform, lamina)) {
            id = target.image().id();
            efficiency = ImageScanner.scan(target.image(), ImageScanner.Options.defaults().withEfficiency(top),
                    ImageScanner.Listener.NONE).efficiency().orElseThrow();
        }
        PrintStream out = lamina.console().out();
        if (format == OutputFormat.JSON) {
            out.println(new String(Json.writePretty(json(id, efficiency)), StandardCharsets.UTF_8));
        } else {
            table(efficiency, out);
        }
        List<String> failed = new ArrayList<>();
        if (lowest != null && efficiency.score() < lowest) {
            failed.add("efficiency " + percent(efficiency.score()) + " is below --fail-under " + percent(lowest));
        }
        if (highestWasted != null && efficiency.wastedBytes() > highestWasted) {
            failed.add(efficiency.wastedBytes() + " bytes wasted (" + Units.humanSize(efficiency.wastedBytes())
                    + ") is more than --max-wasted " + highestWasted + " bytes");
        }
        if (highestUserWasted != null && efficiency.userWastedRatio() > highestUserWasted) {
            failed.add("wasted bytes are " + percent(efficiency.userWastedRatio()) + " of the layers above the base,"
                    + " more than --max-user-wasted " + percent(highestUserWasted));
        }
        if (!failed.isEmpty()) {
            throw new ExitCodeException(Lamina.FAILED, String.join("; ", failed));
        }
        return Lamina.OK;
    }

    private static void table(Efficiency e, PrintStream out) {
        out.println("efficiency: " + percent(e.score()));
        out.println("wastedBytes: " + e.wastedBytes() + " bytes (" + Units.humanSize(e.wastedBytes()) + ")");
        out.println("userWastedPercent: " + percent(e.userWastedRatio()));
        if (e.offenders().isEmpty()) {
            return;
        }
        out.println();
        Table table = new Table("COUNT", "WASTED", "PATH");
        for (Efficiency.Offender o : e.offenders()) {
            table.row(Integer.toString(o.count()), Units.humanSize(o.totalBytes()), "/" + o.path());
        }
        table.print(out);
    }

    private static ObjectNode json(Digest id, Efficiency e) {
        ObjectNode o = Json.object();
        o.put("Image", id.toString());
        o.put("Efficiency", e.score());
        o.put("WastedBytes", e.wastedBytes());
        o.put("UserWastedRatio", e.userWastedRatio());
        o.put("SizeBytes", e.sizeBytes());
        o.put("UserSizeBytes", e.userSizeBytes());
        ArrayNode offenders = o.putArray("Offenders");
        for (Efficiency.Offender offender : e.offenders()) {
            ObjectNode entry = offenders.addObject();
            entry.put("Path", "/" + offender.path());
            entry.put("Count", offender.count());
            entry.put("TotalBytes", offender.totalBytes());
        }
        return o;
    }

    /** dive's way of showing a ratio: {@code 98.4379 %}. */
    private static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.4f %%", ratio * 100);
    }

    /** A fraction ({@code 0.95}) or a percentage ({@code 95%}), as a fraction. */
    private static double ratio(String option, String text) {
        String t = text.strip();
        try {
            double value = t.endsWith("%") ? Double.parseDouble(t.substring(0, t.length() - 1).strip()) / 100
                    : Double.parseDouble(t);
            if (value >= 0 && value <= 1 && !Double.isNaN(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new UsageException(option + ": \"" + text + "\" is not a fraction from 0 to 1 (0.95) or a percentage"
                + " (95%)");
    }
}
