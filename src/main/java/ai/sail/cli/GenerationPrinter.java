package ai.sail.cli;

import ai.sail.generate.Generation;
import ai.sail.generate.GenerationTimings;
import ai.sail.text.Prompt;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code sail generate} prints per response: the text (under a {@code ### n: prompt} heading when
 * there are several prompts), or with {@code --json} one object per prompt whose fields the README
 * lists.
 *
 * @param json one JSON object per response instead of its text
 * @param headings a heading before each response's text
 */
record GenerationPrinter(PrintStream out, boolean json, boolean headings) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Prints the responses to {@code prompts}, the first of which is prompt number {@code first + 1}. */
    void print(int first, List<Prompt> prompts, List<Generation> responses) throws JsonProcessingException {
        for (int i = 0; i < responses.size(); i++) {
            Generation g = responses.get(i);
            if (json) {
                out.println(json(prompts.get(i), g));
            } else {
                if (headings) {
                    out.println("### " + (first + i + 1) + ": " + prompts.get(i).display());
                }
                out.println(g.text());
            }
        }
    }

    /** The speed of the last batch, a line on {@code err}; nothing when nothing was generated. */
    void printSpeed(GenerationTimings t, PrintStream err) {
        if (t != null) {
            err.printf("sail: %d tokens, %.1f tokens/s (%s)%n", t.generatedTokens(), t.tokensPerSecond(),
                    t.path() == null ? "serving engine" : "decode path " + t.path().cliName());
        }
    }

    static String json(Prompt prompt, Generation g) throws JsonProcessingException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("prompt", prompt.display());
        row.put("text", g.text());
        row.put("prompt_ids", g.prompt());
        row.put("token_ids", g.tokens());
        row.put("logprobs", g.logProbs());
        row.put("sum_logprob", g.sumLogProb());
        row.put("ended_with_eos", g.endedWithEos());
        row.put("stopped_by_string", g.stoppedByString());
        if (g.engine() != null) {
            // The engine's own numbers beside Sail's: JSON has no NaN, so a token it gave none for is null.
            List<Float> engine = new ArrayList<>();
            for (float v : g.engine().logProbs()) {
                engine.add(Float.isNaN(v) ? null : v);
            }
            row.put("engine_logprobs", engine);
            row.put("rollout_server", g.engine().server().toString());
        }
        return JSON.writeValueAsString(row);
    }
}
