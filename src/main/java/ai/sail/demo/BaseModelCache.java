package ai.sail.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reuses the demo's base model when a previous run built it with the same settings, so a second
 * {@code sail demo} starts aligning at once; otherwise builds it. The settings that made it are kept
 * in {@code base_model.txt} next to the weights.
 */
final class BaseModelCache {
    static final String STAMP = "base_model.txt";
    static final long SEED = 1;

    private BaseModelCache() {}

    static String ensure(DemoSettings s, Path dir, PrintStream log) {
        BaseModelBuilder.Settings standard = BaseModelBuilder.Settings.standard(SEED);
        BaseModelBuilder.Settings settings = new BaseModelBuilder.Settings(SEED, standard.stories(),
                s.baseModelSteps(), standard.batchSize(), standard.learningRate(), standard.hidden(), standard.layers());
        Path stamp = dir.resolve(STAMP);
        try {
            if (Files.isRegularFile(stamp) && Files.readString(stamp).strip().equals(settings.toString())) {
                log.println("demo: reusing the base model in " + dir);
                return dir.toString();
            }
            log.println("demo: training the base model (" + settings.steps() + " updates on generated stories)");
            double loss = BaseModelBuilder.build(settings, dir, log);
            Files.writeString(stamp, settings + System.lineSeparator());
            log.printf(java.util.Locale.ROOT, "demo: base model trained, final loss %.3f nats/token%n", loss);
            return dir.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("base model cache " + dir + ": " + e.getMessage(), e);
        }
    }
}
