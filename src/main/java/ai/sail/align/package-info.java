/**
 * The training stage: the SAIL objective and the DPO family, and the loop that optimises them.
 *
 * <ul>
 *   <li>{@link ai.sail.align.PreferenceLoss}: a shared log-ratio stage, one branch per
 *       {@link ai.sail.align.LossType}, then SAIL's label and sampling terms switched per pair
 *       ({@link ai.sail.align.PairTerms}).
 *   <li>{@link ai.sail.align.Method}: the presets of the one mechanism; {@link ai.sail.align.Routing}: which
 *       examples go offline, to SAIL-DP, SAIL-PP or SAIL-PR.
 *   <li>{@link ai.sail.align.PolicyStep}: one micro-batch in pipeline order: sample, label, score, loss,
 *       backward.
 *   <li>{@link ai.sail.align.Trainer}: the flat loop, with {@link ai.sail.align.AdamW},
 *       {@link ai.sail.align.LearningRateSchedule}, gradient clipping, logging and
 *       {@link ai.sail.align.Checkpoints} that resume exactly; iterative DPO's rounds come from
 *       {@link ai.sail.align.RoundSampler}.
 *   <li>{@link ai.sail.align.TrainConfig} and {@link ai.sail.align.TrainingRun}: a run's configuration, and
 *       everything set up before the loop starts.
 * </ul>
 *
 * <p>May use every stage before it ({@code tensor}, {@code io}, {@code text}, {@code model}, {@code data},
 * {@code generate}, {@code reward}) and {@code report} for the metrics log and progress bars.
 */
package ai.sail.align;
