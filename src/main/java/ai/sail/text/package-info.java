/**
 * Text to token ids and back, the way the Python tools do it, for every model Sail loads.
 *
 * <ul>
 *   <li>{@link ai.sail.text.TextTokenizer}, with two implementations: {@link ai.sail.text.HfTokenizer} (a
 *       {@code tokenizer.json} run by the Rust library through DJL, plus what {@code tokenizer_config.json}
 *       adds) and {@link ai.sail.text.SentencePieceTokenizer} (the vocabulary of a GGUF file, or a
 *       {@code tokenizer.model}).
 *   <li>{@link ai.sail.text.ChatTemplate}: a Hugging Face Jinja chat template, rendered as transformers
 *       renders it.
 *   <li>{@link ai.sail.text.Prompt} (text or {@link ai.sail.text.ChatMessage}s) and
 *       {@link ai.sail.text.PromptEncoder}: prompts and responses as ids, with the special tokens or the chat
 *       template the model expects.
 *   <li>{@link ai.sail.text.TokenizerFiles}: the tokenizer half of a saved checkpoint.
 * </ul>
 *
 * <p>May use {@code io} (GGUF metadata, Hugging Face JSON, the atomic file writes), Jackson, Jinjava and
 * DJL's tokenizer binding; no tensors.
 */
package ai.sail.text;
