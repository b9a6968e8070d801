package ai.sail.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.sail.align.Method;
import ai.sail.align.SailBaseline;
import ai.sail.align.TrainConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArmTest {
    @Test
    void anArmIsAMethodWithOptionsOfItsOwnThatReachTheConfiguration() {
        Arm arm = Arm.parse("sail-pr:sail-baseline=pair:gamma=0.1");
        assertThat(arm.method()).isEqualTo(Method.SAIL_PR);
        assertThat(arm.options()).isEqualTo(Map.of("sail-baseline", "pair", "gamma", "0.1"));
        TrainConfig c = arm.apply(TrainConfig.defaultConfig());
        assertThat(c.method()).isEqualTo(Method.SAIL_PR);
        assertThat(c.resolvedSailBaseline()).isEqualTo(SailBaseline.PAIR);
        assertThat(c.gamma()).isEqualTo(0.1);
        assertThat(Arm.parse("dpo")).isEqualTo(Arm.of(Method.DPO));
    }

    @Test
    void badArmsNameWhatIsWrong() {
        assertThatThrownBy(() -> Arm.parse("sail-pr:gama=0.1")).hasMessageContaining("no training option 'gama'");
        assertThatThrownBy(() -> Arm.parse("sail-pr:gamma")).hasMessageContaining("expected key=value after ':', got 'gamma'");
        assertThatThrownBy(() -> Arm.parse("sail-pr:seed=3")).hasMessageContaining("seed is set by the comparison");
        assertThatThrownBy(() -> Arm.parse("sail-pr:gamma=1:gamma=2")).hasMessageContaining("gamma given twice");
        assertThatThrownBy(() -> Arm.parse("sail-xx")).hasMessageContaining("sail-pr");
        assertThatThrownBy(() -> Arm.parse("sail-pr:sail-baseline=loo").apply(TrainConfig.defaultConfig()))
                .hasMessageContaining("sail-baseline").hasMessageContaining("leave-one-out");
    }
}
