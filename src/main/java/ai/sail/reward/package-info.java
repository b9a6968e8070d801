/**
 * Rewards: one {@link ai.sail.reward.RewardSource} interface for every way of saying how good a response
 * is, so labelling (SAIL-PR pairs, iterative DPO rounds) and evaluation never care which one they have.
 *
 * <ul>
 *   <li>Rules that need no model: {@link ai.sail.reward.LengthReward}, {@link ai.sail.reward.KeywordReward},
 *       {@link ai.sail.reward.RegexReward} and {@link ai.sail.reward.LexiconReward} (the demo's gold reward).
 *   <li>{@link ai.sail.reward.RewardModelSource}: a Hugging Face sequence-classification checkpoint, fed text
 *       formatted with its own tokenizer and chat template ({@link ai.sail.reward.RewardModelEncoder}).
 *   <li>{@link ai.sail.reward.RemoteRewardSource}: HTTP reward servers, with retries.
 *   <li>{@link ai.sail.reward.ImplicitReward}: the policy's own implicit reward against the reference.
 *   <li>{@link ai.sail.reward.CustomRewardLoader}: a user's Java class.
 * </ul>
 *
 * {@link ai.sail.reward.RewardSources#parse} turns one spec string into any of them, wrapped in a
 * {@link ai.sail.reward.CheckedRewardSource}: exactly one finite score per query, or an error naming the
 * source.
 *
 * <p>May use {@code model} and {@code text} (a reward model is a model with its tokenizer), {@code tensor},
 * {@code io} (to find a reward model in the hub cache), and {@code http} (reward servers).
 */
package ai.sail.reward;
