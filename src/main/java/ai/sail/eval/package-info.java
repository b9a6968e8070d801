/**
 * The evaluation stage: how good and how far from the reference a policy's responses are, in the
 * quantities the SAIL paper reports (Ding et al., 2024, "How the paper evaluates").
 *
 * <ul>
 *   <li>{@link ai.sail.eval.EvalMetrics}: the metrics as pure functions on arrays (mean gold reward,
 *       hard and soft win rate, Monte-Carlo KL, length, EOS share, distinct-n), and
 *       {@link ai.sail.report.Stat} for mean and spread over seeds or samples.
 *   <li>{@link ai.sail.eval.Evaluator}: samples responses from a policy and, once, from the reference
 *       ({@link ai.sail.eval.Baseline}), scores them with a gold {@link ai.sail.reward.RewardSource} and
 *       the reference's log-probabilities, and returns an {@link ai.sail.eval.EvalResult}.
 *   <li>{@link ai.sail.eval.EvalReport}: a result as JSON fields and as a short table.
 * </ul>
 *
 * <p>May use {@code generate}, {@code reward} and {@code model}, {@code data} for its tokenized prompts, and
 * {@code report} for {@link ai.sail.report.Stat} and progress bars.
 */
package ai.sail.eval;
