package ai.sail.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubCacheTest {
    @TempDir
    Path root;

    @Test
    void theRootFollowsThePythonToolsPrecedence() {
        Path home = Path.of("/home/u");
        assertThat(HubCache.defaultRoot(Map.of("HF_HUB_CACHE", "/c", "HF_HOME", "/h"), home)).isEqualTo(Path.of("/c"));
        assertThat(HubCache.defaultRoot(Map.of("HF_HOME", "/h"), home)).isEqualTo(Path.of("/h/hub"));
        assertThat(HubCache.defaultRoot(Map.of(), home)).isEqualTo(Path.of("/home/u/.cache/huggingface/hub"));
    }

    @Test
    void modelsAreListedFromTheFolderNames() throws Exception {
        assertThat(new HubCache(root.resolve("absent")).models()).isEmpty();
        Files.createDirectories(root.resolve("models--Qwen--Qwen2.5-0.5B-Instruct/snapshots"));
        Files.createDirectories(root.resolve("models--gpt2"));
        Files.createDirectories(root.resolve("datasets--Org--Data"));
        Files.createDirectories(root.resolve("models--Org--Tiny--Model"));
        Files.writeString(root.resolve("version.txt"), "1");
        assertThat(new HubCache(root).models()).containsExactly("Org/Tiny--Model", "Qwen/Qwen2.5-0.5B-Instruct");
    }

    @Test
    void refsMainPointsAtTheSnapshot() throws Exception {
        Path repo = root.resolve("models--Org--Tiny-Model");
        Files.createDirectories(repo.resolve("snapshots/abc123"));
        Files.createDirectories(repo.resolve("snapshots/def456"));
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), "abc123\n");
        Files.writeString(repo.resolve("refs/v2"), "def456");
        HubCache cache = new HubCache(root);
        assertThat(cache.resolve("Org/Tiny-Model")).isEqualTo(repo.resolve("snapshots/abc123"));
        assertThat(cache.resolve("Org/Tiny-Model@v2")).isEqualTo(repo.resolve("snapshots/def456"));
        assertThat(cache.resolve("Org/Tiny-Model@def456")).isEqualTo(repo.resolve("snapshots/def456"));
        assertThatThrownBy(() -> cache.resolve("Org/Tiny-Model@nope")).hasMessageContaining("revision 'nope'");
        assertThatThrownBy(() -> cache.resolve("Org/Other")).hasMessageContaining("models--Org--Other");
        assertThat(HubCache.isRepoId("Org/Name")).isTrue();
        assertThat(HubCache.isRepoId("./local/dir/x")).isFalse();
    }
}
