package ai.sail.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code metrics.jsonl}: one JSON object per logged step, flushed as it is written so a crashed run
 * keeps every line it logged. On resume, lines after the resumed step are dropped first, so the file
 * reads as one run.
 */
public final class MetricsLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BufferedWriter out;

    private MetricsLog(BufferedWriter out) {
        this.out = out;
    }

    /** Opens the log, keeping only lines up to and including step {@code keepThrough} (-1 = none). */
    public static MetricsLog open(Path file, int keepThrough) {
        return open(file, keepThrough, null);
    }

    /**
     * As {@link #open(Path, int)}. A last line that is not JSON is what a full disk or a killed process
     * leaves: it is dropped (and said on {@code notes}, when given); lines past {@code keepThrough} are
     * dropped without being read. A bad line anywhere else is an error naming the file and the line.
     */
    public static MetricsLog open(Path file, int keepThrough, PrintStream notes) {
        try {
            List<String> kept = new ArrayList<>();
            if (keepThrough >= 0 && Files.exists(file)) {
                // Lenient decoding: a torn write may have cut a multi-byte character in half.
                List<String> lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
                int last = lines.size() - 1;
                while (last >= 0 && lines.get(last).isBlank()) {
                    last--;
                }
                for (int i = 0; i <= last; i++) {
                    String line = lines.get(i);
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode node;
                    try {
                        node = JSON.readTree(line);
                    } catch (IOException e) {
                        if (i == last) {
                            if (notes != null) {
                                notes.println("note       " + file + ": dropped a torn last line (line " + (i + 1) + ")");
                            }
                            break;
                        }
                        throw new IllegalArgumentException(file + " line " + (i + 1) + " is not a JSON object: "
                                + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                    }
                    int step = node.path(MetricNames.STEP).asInt();
                    if (step > keepThrough) {
                        break;
                    }
                    kept.add(line);
                }
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, kept, StandardCharsets.UTF_8);
            return new MetricsLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open metrics log " + file + ": " + e.getMessage(), e);
        }
    }

    public void write(Map<String, ?> metrics) {
        try {
            out.write(JSON.writeValueAsString(metrics));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics: " + e.getMessage(), e);
        }
    }

    /** Every logged object of a metrics file, in order. */
    public static List<Map<String, Object>> read(Path file) {
        List<Map<String, Object>> rows = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    JsonNode node = JSON.readTree(line);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> row = JSON.convertValue(node, LinkedHashMap.class);
                    rows.add(row);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read metrics " + file + ": " + e.getMessage(), e);
        }
        return rows;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
