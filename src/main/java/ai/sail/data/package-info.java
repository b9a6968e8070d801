/**
 * The data stage: preference pairs and prompts read from files, checked, and turned into token ids.
 *
 * <h2>Reading</h2>
 * {@link ai.sail.data.DatasetReader} reads JSON Lines (one row per line) or a file holding one JSON array
 * of rows; the layout is decided by the first non-blank character ({@code [} means an array), not by
 * the file name. Rows are named {@code file:line} or {@code file[index]} in examples and errors. The row
 * format is detected once per file, from the first valid row, and every later row must follow it.
 * Column names are those of the {@link ai.sail.data.ColumnMapping} (by default the key names).
 *
 * <p>Preference rows ({@link ai.sail.data.PreferenceFormat}), first match wins:
 * <ol>
 *   <li>a {@code prompt} field: explicit prompt. The prompt is text or {@code {"role","content"}}
 *       messages; {@code chosen} and {@code rejected} are text or messages ending in the assistant's
 *       reply, optionally preceded by the prompt's own messages.
 *   <li>a {@code conversations} field: ShareGPT. {@code [{"from","value"}]} turns ending with the user's,
 *       and {@code chosen} / {@code rejected} as {@code {"from": "gpt", "value"}} (or plain text). Speakers
 *       human/user, gpt/assistant and system map to the roles user, assistant and system.
 *   <li>{@code chosen} and {@code rejected} alone: implicit prompt. Two Anthropic HH transcripts are cut
 *       after the last {@code "\n\nAssistant:"} marker they share (the prompt keeps the marker); two message
 *       lists must share all messages but a final assistant reply each.
 * </ol>
 *
 * <p>Prompt rows ({@link ai.sail.data.PromptFormat}), first match wins: a bare JSON string; a
 * {@code prompt} field (text or messages, used as is); a {@code messages} field; a {@code conversations}
 * field (ShareGPT). Conversations are kept up to and including their last user turn.
 *
 * <p>Parquet is not read: Java has no well-kept Parquet reader that works without the Hadoop libraries.
 * Export such data sets to JSON Lines first (in Python: {@code Dataset.to_json("train.jsonl")}).
 *
 * <h2>Tokenizing</h2>
 * {@link ai.sail.data.ExampleTokenizer} with {@link ai.sail.data.TokenizationSettings} follows TRL's DPO
 * trainer: prompts through the chat template (or with the tokenizer's special tokens), responses on their
 * own plus EOS, prompts cut to a budget from the end or the start, responses cut at their end to fit the
 * total length, and counts of what was cut.
 *
 * <p>May use {@code text} (prompts, chat messages, tokenizers and the prompt encoder) and Jackson.
 */
package ai.sail.data;
