package ai.sail.align;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.sail.generate.RolloutEngine;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rollout keys of the training configuration, checked before any model loads. */
class RolloutConfigTest {
    @TempDir
    Path dir;

    Map<String, Object> sailPr() throws Exception {
        Path data = dir.resolve("pairs.jsonl");
        Files.writeString(data, "{\"prompt\": \"a\", \"chosen\": \"b\", \"rejected\": \"c\"}\n");
        Map<String, Object> m = new HashMap<>();
        m.put("method", "sail-pr");
        m.put("model", "no-model-needed-for-validation");
        m.put("data", data.toString());
        m.put("reward", "lexicon:sentiment");
        return m;
    }

    @Test
    void serversEngineTimeoutAndRetriesReachTheRolloutSettings() throws Exception {
        Map<String, Object> m = sailPr();
        m.put("rollout-server", "http://a:8000/v1, http://b:8001");
        m.put("rollout-engine", "llama.cpp");
        m.put("rollout-timeout", 12.5);
        m.put("rollout-retries", 1);
        TrainConfig c = TrainConfig.from(m);
        assertThat(c.rolloutEngine()).isEqualTo(RolloutEngine.LLAMA_CPP);
        assertThat(c.rolloutSettings().servers()).containsExactly(URI.create("http://a:8000"), URI.create("http://b:8001"));
        assertThat(c.rolloutSettings().retry().timeout().toMillis()).isEqualTo(12_500);
        assertThat(c.rolloutSettings().retry().retries()).isEqualTo(1);
        assertThat(c.toYaml()).containsPattern("rollout-engine: \"?llama\\.cpp");
        assertThat(TrainConfig.from(sailPr()).rolloutEngine()).isEqualTo(RolloutEngine.AUTO);
    }

    @Test
    void badRolloutOptionsNameTheKey() throws Exception {
        Map<String, Object> badUrl = sailPr();
        badUrl.put("rollout-server", "ftp://a:1");
        assertThatThrownBy(() -> TrainConfig.from(badUrl)).hasMessageContaining("rollout-server")
                .hasMessageContaining("http:// or https://");
        Map<String, Object> badEngine = sailPr();
        badEngine.put("rollout-engine", "tgi");
        assertThatThrownBy(() -> TrainConfig.from(badEngine)).hasMessageContaining("rollout-engine")
                .hasMessageContaining("llama.cpp, vllm, sglang, openai");
        Map<String, Object> badTimeout = sailPr();
        badTimeout.put("rollout-server", "http://a:1");
        badTimeout.put("rollout-timeout", 0);
        assertThatThrownBy(() -> TrainConfig.from(badTimeout)).hasMessageContaining("rollout-timeout");
        Map<String, Object> topK = sailPr();
        topK.put("rollout-server", "http://a:1");
        topK.put("rollout-engine", "openai");
        topK.put("top-k", 5);
        assertThatThrownBy(() -> TrainConfig.from(topK)).hasMessageContaining("top-k").hasMessageContaining("openai");
        Map<String, Object> offline = sailPr();
        offline.put("method", "dpo");
        offline.remove("reward");
        offline.put("rollout-server", "http://a:1");
        assertThatThrownBy(() -> TrainConfig.from(offline)).hasMessageContaining("rollout-server")
                .hasMessageContaining("samples nothing");
    }
}
