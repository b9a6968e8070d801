package ai.sail.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * A huge {@code --threads} would start thousands of threads and leave a JVM that ignores SIGTERM; it
 * is refused before anything is set. (Only refusals are tested here: an accepted count sets the
 * engine's thread properties for the whole test JVM.)
 */
class ThreadLimitTest {
    @Test
    void moreThreadsThanTheMachineCanUseAreRefused() {
        int processors = Runtime.getRuntime().availableProcessors();
        String before = System.getProperty("ai.djl.pytorch.num_threads");

        assertThatThrownBy(() -> TorchRuntime.configureThreads(100_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--threads 100000 is more than this machine can use: at most " + processors * 4
                        + " (4 per available processor, " + processors + " here); 0 uses one per core");
        assertThatThrownBy(() -> TorchRuntime.configureThreads(processors * 4 + 1))
                .hasMessageStartingWith("--threads " + (processors * 4 + 1) + " is more than this machine can use");
        assertThat(System.getProperty("ai.djl.pytorch.num_threads")).isEqualTo(before);
        assertThat(TorchRuntime.maxThreads()).isEqualTo(processors * 4);
    }

    @Test
    void negativeThreadsAreStillRefused() {
        assertThatThrownBy(() -> TorchRuntime.configureThreads(-1))
                .hasMessage("--threads must be >= 0 (0 = all cores), got -1");
    }
}
