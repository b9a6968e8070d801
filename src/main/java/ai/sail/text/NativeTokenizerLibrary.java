package ai.sail.text;

import ai.djl.huggingface.tokenizers.jni.LibUtils;

/**
 * Loads the Rust tokenizer library that DJL ships inside the {@code ai.djl.huggingface:tokenizers} jar.
 *
 * <p>DJL extracts it to its cache folder on first use. On a machine where it detects CUDA, and unless
 * offline mode is set, DJL would look for a CUDA build of this library and try to download one; a
 * tokenizer needs no GPU, so the CPU build from the jar is chosen ({@code RUST_FLAVOR=cpu}) unless the
 * user picked a flavour. A failure to load becomes one exception that says what to check, instead of
 * DJL's bare {@code EngineException} from deep inside a static initialiser.
 */
final class NativeTokenizerLibrary {
    private static final String FLAVOR = "RUST_FLAVOR";

    private NativeTokenizerLibrary() {}

    static synchronized void ensureLoaded() {
        if (System.getenv(FLAVOR) == null && System.getProperty(FLAVOR) == null) {
            System.setProperty(FLAVOR, "cpu");
        }
        try {
            LibUtils.checkStatus();
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("could not load DJL's native tokenizer library (it ships inside the"
                    + " ai.djl.huggingface:tokenizers jar and is extracted to DJL's cache folder; check that the jar"
                    + " is on the class path and that the cache folder, set by DJL_CACHE_DIR or ENGINE_CACHE_DIR,"
                    + " is writable): " + e, e);
        }
    }
}
