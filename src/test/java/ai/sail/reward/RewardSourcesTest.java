package ai.sail.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.util.List;
import org.junit.jupiter.api.Test;

class RewardSourcesTest {
    private final RewardContext ctx = RewardContext.on(Device.cpu());

    double score(String spec, String response) {
        try (RewardSource r = RewardSources.parse(spec, ctx)) {
            return r.score(List.of(RewardQuery.text("prompt", response)))[0];
        }
    }

    @Test
    void eachRuleFormParses() {
        assertThat(score("length:4", "abcdef")).isEqualTo(-0.5);
        assertThat(score(" regex:b+c ", "abbbc")).isEqualTo(1.0);
        assertThat(score("regex:a,b", "a,b")).as("commas belong to the pattern").isEqualTo(1.0);
        assertThat(score("keywords:sun,moon", "the moon")).isEqualTo(0.5);
        assertThat(score("lexicon:sentiment", "happy happy sad")).isEqualTo(1.0 / 3);
    }

    @Test
    void mistakesAreExplained() {
        assertThatThrownBy(() -> RewardSources.parse("length:abc", ctx)).hasMessageContaining("whole number");
        assertThatThrownBy(() -> RewardSources.parse("length:-3", ctx)).hasMessageContaining("> 0");
        assertThatThrownBy(() -> RewardSources.parse("lexicon:emotion", ctx)).hasMessageContaining("lexicon:sentiment");
        assertThatThrownBy(() -> RewardSources.parse(" ", ctx)).hasMessageContaining("accepted forms");
        assertThatThrownBy(() -> RewardSources.parse("lenght:200", ctx))
                .hasMessageContaining("no such file or directory")
                .hasMessageContaining("lexicon:sentiment").hasMessageContaining("class:NAME[:ARG]");
        assertThatThrownBy(() -> RewardSources.parse("no-such-dir/reward-model", ctx))
                .hasMessageContaining("accepted forms").hasMessageContaining("length:N");
        assertThatThrownBy(() -> RewardSources.parse("ftp://host/x", ctx)).hasMessageContaining("accepted forms");
    }

    @Test
    void batchesAreCutIntoContiguousRuns() {
        assertThat(IndexRange.split(7, 3)).containsExactly(new IndexRange(0, 3), new IndexRange(3, 5), new IndexRange(5, 7));
        assertThat(IndexRange.split(1, 3)).containsExactly(new IndexRange(0, 1));
        assertThat(IndexRange.split(0, 2)).isEmpty();
        assertThat(IndexRange.chunks(5, 2)).containsExactly(new IndexRange(0, 2), new IndexRange(2, 4), new IndexRange(4, 5));
    }
}
