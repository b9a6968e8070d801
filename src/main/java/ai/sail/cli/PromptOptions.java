package ai.sail.cli;

import ai.sail.data.DatasetReader;
import ai.sail.data.PromptExample;
import ai.sail.data.ReadResult;
import ai.sail.text.Prompt;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The prompt options, each declared once: {@code --chat} (this mixin), {@code --prompt} (one prompt as
 * text), {@code --batch-file} and {@code --prompts} (a file of prompts, under generate's and under
 * eval's and demo's name).
 *
 * <p>The prompt sources sit in argument groups that differ by command (generate: {@code --prompt} or
 * {@code --batch-file}; score: {@code --prompt} with {@code --response}, or {@code --ids}), and picocli
 * groups cannot hold mixins, so they are group classes here that a command's group extends or holds.
 * How a command words an option is in {@link OptionWording}.
 */
final class PromptOptions {
    @Option(names = "--chat", description = "Wrap each prompt as a user message in the model's chat template.")
    boolean chat;

    /** {@code --prompt}: required within the group that holds it. */
    static class Text {
        @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "The prompt; \"\" starts from BOS alone.")
        String prompt;
    }

    /** generate's input: {@code --prompt} or {@code --batch-file}, in an exclusive group. */
    static final class TextOrBatchFile extends Text {
        @Option(names = "--batch-file", paramLabel = "prompts.jsonl",
                description = "Prompts, JSON Lines or a JSON array: a JSON string, {\"prompt\": TEXT or messages}, {\"messages\": [...]} or ShareGPT rows.")
        Path batchFile;

        /** The prompts, read through the data stage (every prompt format, line-numbered errors). */
        List<Prompt> read() {
            return batchFile == null ? List.of(Prompt.text(prompt))
                    : DatasetReader.strict().prompts(batchFile).examples().stream().map(PromptExample::prompt).toList();
        }
    }

    /**
     * {@code --prompts}: a file of prompts. eval mixes it in (required); demo, which falls back to its
     * built-in prompts, holds it as an optional group.
     */
    static final class File {
        @Option(names = "--prompts", required = true, paramLabel = "FILE",
                description = "Prompts, JSON Lines or a JSON array: text, {\"prompt\": ...}, {\"messages\": ...} or ShareGPT rows.")
        Path file;

        ReadResult<PromptExample> read() {
            return DatasetReader.strict().prompts(file);
        }
    }
}
