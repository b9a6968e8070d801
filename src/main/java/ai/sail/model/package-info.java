/**
 * Models: what a checkpoint holds, and the one decoder that computes it.
 *
 * <ul>
 *   <li>{@link ai.sail.model.ModelConfig}, read by {@link ai.sail.model.HfConfigReader} and
 *       {@link ai.sail.model.GgufConfigReader}; {@link ai.sail.model.Architecture} holds the switches of each
 *       family (Llama, including Qwen2 and Mistral, and GPT-2).
 *   <li>{@link ai.sail.model.WeightSpec} and {@link ai.sail.model.CheckpointNaming}: Sail's tensors and how
 *       each format names them, both ways; {@link ai.sail.model.DecoderWeights} holds them.
 *   <li>{@link ai.sail.model.Decoder}: the forward pass, the math in order, with
 *       {@link ai.sail.model.KvCache}, {@link ai.sail.model.Rope} and {@link ai.sail.model.AttentionLayout}
 *       (masks and positions of padded rows); {@link ai.sail.model.ResponseScorer}: the log-probabilities of
 *       responses every loss is built from.
 *   <li>{@link ai.sail.model.ModelLoader}: a directory, a GGUF file or a hub id as a
 *       {@link ai.sail.model.LanguageModel} (weights and tokenizer); {@link ai.sail.model.HfCheckpointWriter}
 *       saves one as a Hugging Face directory, {@link ai.sail.model.GgufCheckpointWriter} as a GGUF file
 *       for llama.cpp.
 * </ul>
 *
 * <p>May use {@code tensor} and {@code io}, and {@code text}: a loaded checkpoint is weights and tokenizer
 * together, and the loader opens both from the same files.
 */
package ai.sail.model;
