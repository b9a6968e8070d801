package ai.sail.model;

import ai.sail.io.TensorSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Refuses a checkpoint that holds tensors its configuration does not read. The loader reads tensors
 * by the names the configuration implies, so a config.json that says 2 layers over a 4-layer checkpoint
 * would load the first 2 and silently compute another model; the same goes for a reward head under a
 * language-model config. Buffers the Python model recomputes ({@link CheckpointNaming#isIgnorable})
 * are allowed.
 */
final class UnusedTensors {
    /** How many unused names a message lists before saying how many more there are. */
    private static final int SHOWN = 3;

    private UnusedTensors() {}

    /**
     * @param where the checkpoint, as messages name it
     * @param configName where the configuration was read ({@code config.json}, {@code the GGUF metadata})
     * @param layersField the field of that configuration that sets the number of layers
     */
    static void check(TensorSource source, CheckpointNaming naming, ModelConfig config, String where,
            String configName, String layersField) {
        Set<String> used = naming.namesFor(config);
        List<String> unused = new ArrayList<>();
        int lastLayer = -1;
        for (String name : source.names()) {
            if (!used.contains(name) && !naming.isIgnorable(name, config)) {
                unused.add(name);
                lastLayer = Math.max(lastLayer, naming.layerOf(name));
            }
        }
        if (unused.isEmpty()) {
            return;
        }
        String listed = String.join(", ", unused.subList(0, Math.min(SHOWN, unused.size())))
                + (unused.size() > SHOWN ? " and " + (unused.size() - SHOWN) + " more" : "");
        String what = unused.size() == 1 ? "1 tensor that this configuration does not use: "
                : unused.size() + " tensors that this configuration does not use: ";
        int first = config.layers();
        String dropped = lastLayer == first ? "layer " + first : "layers " + first + " to " + lastLayer;
        String why = lastLayer >= first
                ? "the checkpoint has layers up to " + lastLayer + " but " + configName + " sets " + layersField
                        + " to " + first + ", so " + dropped + " would be silently dropped; set " + layersField
                        + " to " + (lastLayer + 1)
                : "Sail would ignore " + (unused.size() == 1 ? "it" : "them") + " and compute a different model"
                        + " than the checkpoint's; check that " + configName + " describes this checkpoint (model"
                        + " family, output or score head, tied embeddings)";
        throw new IllegalArgumentException(where + ": the checkpoint holds " + what + listed + "; " + why);
    }
}
