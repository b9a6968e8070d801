package ai.sail.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomRewardLoaderTest {

    /** Scores each response by its length, as a user's reward class would. */
    public static final class ResponseLength implements RewardSource {
        @Override
        public double[] score(List<RewardQuery> queries) {
            return queries.stream().mapToDouble(q -> q.response().length()).toArray();
        }

        @Override
        public String describe() {
            return "response length";
        }
    }

    /** Takes its constant from the spec's argument. */
    public static final class Constant implements RewardSource {
        private final double value;

        public Constant(String argument) {
            this.value = Double.parseDouble(argument);
        }

        @Override
        public double[] score(List<RewardQuery> queries) {
            double[] out = new double[queries.size()];
            Arrays.fill(out, value);
            return out;
        }

        @Override
        public String describe() {
            return "constant " + value;
        }
    }

    /** Breaks the contract: one score too few, so the loaded source must be rejected at scoring. */
    public static final class OneShort implements RewardSource {
        @Override
        public double[] score(List<RewardQuery> queries) {
            return new double[queries.size() - 1];
        }

        @Override
        public String describe() {
            return "one short";
        }
    }

    public static final class NotAReward {}

    public abstract static class Abstract implements RewardSource {}

    static String name(Class<?> c) {
        return c.getName();
    }

    @Test
    void loadsAClassWithANoArgumentConstructor() {
        RewardSource r = RewardSources.parse("class:" + name(ResponseLength.class), RewardContext.on(Device.cpu()));
        assertThat(r.score(List.of(RewardQuery.text("p", "abc"), RewardQuery.text("p", "")))).containsExactly(3.0, 0.0);
        assertThat(r.describe()).isEqualTo("response length");
    }

    @Test
    void passesTheArgumentToAStringConstructor() {
        RewardSource r = RewardSources.parse("class:" + name(Constant.class) + ":2.5", RewardContext.on(Device.cpu()));
        assertThat(r.score(List.of(RewardQuery.text("p", "x")))).containsExactly(2.5);
    }

    @Test
    void eachMistakeHasItsOwnMessage() {
        assertThatThrownBy(() -> CustomRewardLoader.load("com.example.Missing"))
                .hasMessageContaining("com.example.Missing").hasMessageContaining("no such class");
        assertThatThrownBy(() -> CustomRewardLoader.load(name(NotAReward.class)))
                .hasMessageContaining("does not implement ai.sail.reward.RewardSource");
        assertThatThrownBy(() -> CustomRewardLoader.load(name(Abstract.class))).hasMessageContaining("abstract");
        assertThatThrownBy(() -> CustomRewardLoader.load(name(Constant.class)))
                .hasMessageContaining("public no-argument constructor");
        assertThatThrownBy(() -> CustomRewardLoader.load(name(ResponseLength.class) + ":x"))
                .hasMessageContaining("constructor taking one String");
        assertThatThrownBy(() -> CustomRewardLoader.load(name(Constant.class) + ":not-a-number"))
                .hasMessageContaining("constructor failed").hasMessageContaining("not-a-number");
    }

    @Test
    void aSourceThatBreaksTheContractFailsWithItsName() {
        RewardSource r = RewardSources.parse("class:" + name(OneShort.class), RewardContext.on(Device.cpu()));
        assertThatThrownBy(() -> r.score(List.of(RewardQuery.text("p", "a"), RewardQuery.text("p", "b"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("one short").hasMessageContaining("1 scores for 2 queries");
    }
}
