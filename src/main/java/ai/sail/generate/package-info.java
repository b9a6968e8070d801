/**
 * The generation stage: responses sampled from a policy, for online training and for evaluation.
 *
 * <ul>
 *   <li>{@link ai.sail.generate.Sampler}: greedy, temperature, top-k and top-p, composed in that order
 *       ({@link ai.sail.generate.SamplingSettings}).
 *   <li>{@link ai.sail.generate.Generator}: batched generation with a KV cache, stop rules (EOS ids and stop
 *       strings, {@link ai.sail.generate.GenerationSettings}), per-token log-probabilities, and finished rows
 *       dropped from the batch; each response a {@link ai.sail.generate.Generation}.
 *   <li>{@link ai.sail.generate.GenerationBenchmark}: decoding throughput.
 *   <li>{@link ai.sail.generate.LlamaServerProcess}: llama.cpp's {@code llama-server} started on a GGUF file
 *       of the policy ({@link ai.sail.generate.LlamaServerSettings}), restarted on a new file at each weight
 *       sync, stopped with the run; its failures are {@link ai.sail.generate.EngineProcessException}s.
 * </ul>
 *
 * <p>May use {@code model} and {@code tensor}. Text reaches it only as a function that decodes ids, for
 * stop strings.
 */
package ai.sail.generate;
