package ai.sail.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.sail.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The commands as a user runs them, output parsed back. */
class CliTest {
    static final ObjectMapper JSON = new ObjectMapper();

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            var cli = Main.commandLine();
            cli.setErr(new PrintWriter(err, true));
            int exit = cli.execute(args);
            return new Run(exit, buffer.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(saved);
        }
    }

    static String stories() {
        return Fixtures.require("models/stories260K/stories260K.gguf").toString();
    }

    @Test
    void inspectDescribesTheGgufModel() {
        Run r = run("inspect", stories());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("architecture  llama").contains("gguf").contains("512 (config)")
                .contains("layers        5, hidden 64, heads 8 (kv 4, head dim 8), mlp 172")
                .contains("pairs ADJACENT").contains("F32=");
    }

    @Test
    void generatedLogProbsEqualWhatScoreReportsForTheSameIds() throws Exception {
        Run gen = run("generate", "--model", stories(), "--prompt", "Once upon", "--max-new-tokens", "12",
                "--temperature", "0.8", "--seed", "5", "--json");
        assertThat(gen.exit()).as(gen.err()).isZero();
        JsonNode g = JSON.readTree(gen.out());
        StringBuilder ids = new StringBuilder("[[");
        g.get("prompt_ids").forEach(n -> ids.append(n.asInt()).append(','));
        g.get("token_ids").forEach(n -> ids.append(n.asInt()).append(','));
        ids.setLength(ids.length() - 1);
        ids.append("]]");
        Run score = run("score", "--model", stories(), "--ids", ids.toString());
        assertThat(score.exit()).as(score.err()).isZero();
        JsonNode tokens = JSON.readTree(score.out()).get(0).get("tokens");
        int promptLength = g.get("prompt_ids").size();
        for (int j = 0; j < g.get("logprobs").size(); j++) {
            assertThat(tokens.get(promptLength - 1 + j).get("logprob").asDouble())
                    .isCloseTo(g.get("logprobs").get(j).asDouble(), within(1e-4));
        }
    }

    @Test
    void textScoringEqualsIdScoringAndPaddingIsMasked() throws Exception {
        Run text = run("score", "--model", stories(), "--prompt", "Once upon a time", "--response", " there was a cat");
        assertThat(text.exit()).as(text.err()).isZero();
        JsonNode row = JSON.readTree(text.out()).get(0);
        double sum = row.get("sum_logprob").asDouble();
        assertThat(sum).isNegative();
        // Ids of the response tokens, scored again from raw rows, one of them left-padded.
        JsonNode encoded = JSON.readTree(run("generate", "--model", stories(), "--prompt", "Once upon a time",
                "--max-new-tokens", "1", "--temperature", "0", "--json").out()).get("prompt_ids");
        StringBuilder plain = new StringBuilder();
        encoded.forEach(n -> plain.append(n.asInt()).append(','));
        row.get("tokens").forEach(n -> plain.append(n.get("id").asInt()).append(','));
        String ids = plain.substring(0, plain.length() - 1);
        int n = ids.split(",").length;
        String ones = "1,".repeat(n).replaceAll(",$", "");
        // Row 0 right-padded, row 1 left-padded: both must score like the bare row.
        Run raw = run("score", "--model", stories(), "--ids", "[[" + ids + ",0,0],[0,0," + ids + "]]",
                "--attention-mask", "[[" + ones + ",0,0],[0,0," + ones + "]]");
        assertThat(raw.exit()).as(raw.err()).isZero();
        JsonNode rows = JSON.readTree(raw.out());
        // Only the response tokens were scored by the text path; the raw path scores every token.
        double responsePart = 0;
        JsonNode all = rows.get(0).get("tokens");
        for (int i = all.size() - row.get("tokens").size(); i < all.size(); i++) {
            responsePart += all.get(i).get("logprob").asDouble();
        }
        assertThat(responsePart).isCloseTo(sum, within(1e-4));
        assertThat(rows.get(1).get("sum_logprob").asDouble()).isCloseTo(rows.get(0).get("sum_logprob").asDouble(), within(1e-4));
    }

    @Test
    void badInputGetsOneClearLine() {
        Run missing = run("generate", "--model", "no/such-model-here", "--prompt", "x");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no/such-model-here").contains("Hugging Face cache");
        Run temperature = run("generate", "--model", stories(), "--prompt", "x", "--temperature", "-1");
        assertThat(temperature.exit()).isEqualTo(2);
        assertThat(temperature.err()).contains("--temperature must be >= 0");
        Run ids = run("score", "--model", stories(), "--ids", "[[1,2],[1]]");
        assertThat(ids.err()).contains("--ids row 1");
        Run outside = run("score", "--model", stories(), "--ids", "[[1,999]]");
        assertThat(outside.err()).contains("outside the vocabulary");
    }
}
