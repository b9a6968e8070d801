package ai.sail.cli;

import java.util.ListResourceBundle;

/**
 * How a command words a shared option when its own help says more than the option's general
 * wording: the policy rather than any model, the reference that the same seed serves, the built-in
 * model that {@code --model} replaces. Each option is declared once, with its general wording, in
 * {@link ModelOptions}, {@link SamplingOptions}, {@link PromptOptions} or {@link BenchOptions}; picocli first looks an
 * option's description up here under the command's path and the option's name ({@code
 * sail.eval.temperature}), so a command that is not listed keeps the general wording. Descriptions
 * here take the same variables as in annotations ({@code ${DEFAULT-VALUE}}). {@link Main} installs this
 * bundle for the whole command tree.
 */
public final class OptionWording extends ListResourceBundle {
    private static final String BENCH_MODEL = "Benchmark this model instead of a random-weight configuration.";

    @Override
    protected Object[][] getContents() {
        return new Object[][] {
            {"sail.eval.model", "The policy, as for generate."},
            {"sail.eval.max-new-tokens", "Tokens per response at most (default: ${DEFAULT-VALUE})."},
            {"sail.eval.temperature", "Sampling temperature; the KL estimate assumes 1 (default: ${DEFAULT-VALUE})."},
            {"sail.eval.seed", "Seed of the sampling stream, the same for policy and reference (default: ${DEFAULT-VALUE})."},
            {"sail.eval.batch-size", "Rows generated and scored together (default: ${DEFAULT-VALUE})."},
            {"sail.score.model", "The model, as for generate."},
            {"sail.score.prompt", "The prompt (\"\" = BOS alone)."},
            {"sail.score.chat", "Render the prompt as a user message with the model's chat template."},
            {"sail.demo.model", "Your base model instead of the built-in one."},
            {"sail.merge.model", "The base model the adapter was trained on."},
            {"sail.merge.adapter", "The LoRA adapter to merge (PEFT's layout, as sail train --lora-r writes it); required."},
            {"sail.demo.prompts", "Your prompts (split into training and held-out) instead of the built-in story openings."},
            {"sail.bench.generate.model", BENCH_MODEL},
            {"sail.bench.generate.temperature", "0 = greedy (default: ${DEFAULT-VALUE})."},
            {"sail.bench.forward.model", BENCH_MODEL},
            {"sail.bench.train.model", BENCH_MODEL},
            {"sail.bench.train.repeats", "Timed updates per variant; the best is shown (default: ${DEFAULT-VALUE})."},
        };
    }
}
