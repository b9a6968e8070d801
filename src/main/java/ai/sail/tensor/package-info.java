/**
 * The DJL discipline in one place, so no other package can get it wrong.
 *
 * <ul>
 *   <li>{@link ai.sail.tensor.TorchRuntime}: the PyTorch engine, asked for by name, with threads and device
 *       chosen before it loads.
 *   <li>{@link ai.sail.tensor.Constants}: every number that enters an autograd graph is a tensor that lives as
 *       long as the graph (DJL frees the temporary it makes for a Java number at once, and a GC between
 *       forward and backward then corrupts gradients silently).
 *   <li>{@link ai.sail.tensor.StepScope}: each step's intermediates are freed at the end of the step.
 *   <li>{@link ai.sail.tensor.GradientNorm}: global-norm gradient clipping, as PyTorch does it.
 * </ul>
 *
 * <p>May use DJL only; every other package builds on it.
 */
package ai.sail.tensor;
