/**
 * The file formats, a foundation under every stage: checkpoints in, checkpoints out.
 *
 * <ul>
 *   <li>{@link ai.sail.io.TensorSource}: a checkpoint as named tensors, read one at a time, so a
 *       multi-gigabyte file never sits in memory whole. Implemented by {@link ai.sail.io.SafetensorsFile}
 *       (memory-mapped; F32, F16, BF16 and the integer, F64 and boolean types read as float),
 *       {@link ai.sail.io.ShardedSafetensors} (several files tied by an index) and
 *       {@link ai.sail.io.GgufFile} (GGUF versions 2 and 3, with its typed metadata);
 *       {@link ai.sail.io.SafetensorsCheckpoint} finds the weights of a model folder.
 *   <li>{@link ai.sail.io.SafetensorsWriter}: float tensors written byte for byte as the reference library
 *       writes them; {@link ai.sail.io.HfJson}: JSON formatted as {@code save_pretrained} formats it;
 *       {@link ai.sail.io.GgufWriter}: F32 and F16 tensors with typed metadata ({@link ai.sail.io.GgufValue})
 *       as a GGUF file llama.cpp loads.
 *   <li>{@link ai.sail.io.HubCache}: models the Python tools already downloaded.
 *   <li>{@link ai.sail.io.AtomicWrite}: every file and directory Sail writes (checkpoints, tokenizer files,
 *       reports, data splits) is replaced whole or not at all.
 * </ul>
 *
 * <p>May use the JDK and Jackson. It reads and writes Java arrays, not DJL tensors, so it needs no
 * {@code tensor} code (the layout would allow it) and no other Sail package.
 */
package ai.sail.io;
