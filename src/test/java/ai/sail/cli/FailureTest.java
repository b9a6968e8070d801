package ai.sail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.sail.align.TrainingDivergedException;
import ai.sail.reward.RewardUnavailableException;
import ai.sail.tensor.Interruption;
import ai.sail.text.ChatTemplateException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import org.junit.jupiter.api.Test;

/** Each kind of failure has its exit status and its one-line message; the trace only with --debug. */
class FailureTest {

    static String report(Throwable t, boolean debug, int[] exit) {
        StringWriter out = new StringWriter();
        exit[0] = Failure.report(t, new PrintWriter(out, true), debug);
        return out.toString();
    }

    @Test
    void everyKindMapsToItsExitStatus() {
        assertThat(Failure.of(new IllegalArgumentException("x")).exitCode).isEqualTo(2);
        assertThat(Failure.of(new ChatTemplateException("bad template")).exitCode).isEqualTo(2);
        assertThat(Failure.of(new ai.sail.tensor.EngineUnavailableException("no libtorch", null)).exitCode).isEqualTo(2);
        assertThat(Failure.of(new UncheckedIOException(new AccessDeniedException("/x"))).exitCode).isEqualTo(3);
        assertThat(Failure.of(new UncheckedIOException(new ai.sail.io.GgufFormatException("bad gguf"))).exitCode).isEqualTo(2);
        assertThat(Failure.of(new RewardUnavailableException("down", null)).exitCode).isEqualTo(4);
        assertThat(Failure.of(new TrainingDivergedException("nan")).exitCode).isEqualTo(5);
        assertThat(Failure.of(new OutOfMemoryError("Java heap space")).exitCode).isEqualTo(6);
        assertThat(Failure.of(new Interruption.StoppedException("INT", "")).exitCode).isEqualTo(130);
        assertThat(Failure.of(new Interruption.StoppedException("TERM", "")).exitCode).isEqualTo(143);
        assertThat(Failure.of(new ArrayIndexOutOfBoundsException(3)).exitCode).isEqualTo(1);
    }

    @Test
    void theMessageCarriesTheCauseChainOnceAndTheTraceOnlyWhenAsked() {
        int[] exit = new int[1];
        Throwable t = new IllegalArgumentException("resume: cannot read state.json",
                new UncheckedIOException("disk", new java.io.IOException("No space left on device")));
        String text = report(t, false, exit);
        assertThat(exit[0]).isEqualTo(2);
        assertThat(text).isEqualTo("sail: resume: cannot read state.json: disk: No space left on device" + System.lineSeparator());
        assertThat(report(t, true, exit)).contains("\tat ai.sail.cli.FailureTest");
    }

    @Test
    void aBugSaysSoAndHowToGetTheTrace() {
        int[] exit = new int[1];
        String text = report(new NullPointerException("oops"), false, exit);
        assertThat(exit[0]).isEqualTo(1);
        assertThat(text).contains("internal error").contains("--debug").doesNotContain("\tat ");
    }
}
