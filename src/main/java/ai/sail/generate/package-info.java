/**
 * The generation stage: responses sampled from a policy, for online training and for evaluation.
 *
 * <ul>
 *   <li>{@link ai.sail.generate.ResponseGenerator}: where responses come from, the one interface that
 *       generation, evaluation and every training route that samples take.
 *   <li>{@link ai.sail.generate.Generator}: Sail's own sampler, in process: batched generation with a KV
 *       cache, stop rules (EOS ids and stop strings, {@link ai.sail.generate.GenerationSettings}),
 *       per-token log-probabilities, and finished rows dropped from the batch; each response a
 *       {@link ai.sail.generate.Generation}. {@link ai.sail.generate.Sampler}: greedy, temperature, top-k
 *       and top-p, composed in that order ({@link ai.sail.generate.SamplingSettings}).
 *   <li>{@link ai.sail.generate.RemoteGenerator}: serving engines (llama.cpp, vLLM, SGLang, any
 *       OpenAI-compatible server) sampling over {@code /v1/completions} ({@link ai.sail.generate.RolloutSettings},
 *       one dialect per {@link ai.sail.generate.RolloutEngine}), their samples scored by Sail's policy
 *       ({@link ai.sail.generate.TokenScorer}) and their drift measured ({@link ai.sail.generate.RolloutStats}).
 *   <li>{@link ai.sail.generate.GenerationBenchmark}: decoding throughput of either.
 *   <li>{@link ai.sail.generate.LlamaServerProcess}: llama.cpp's {@code llama-server} started on a GGUF file
 *       of the policy ({@link ai.sail.generate.LlamaServerSettings}), restarted on a new file at each weight
 *       sync, stopped with the run; its failures are {@link ai.sail.generate.EngineProcessException}s.
 * </ul>
 *
 * <p>May use {@code model}, {@code tensor} and {@code http}. Text reaches it only as functions that decode
 * and encode ids ({@link ai.sail.generate.TokenText}), for stop strings and for engines that answer in text.
 */
package ai.sail.generate;
