package ai.sail.reward;

import ai.djl.Device;
import ai.sail.http.RetryPolicy;
import ai.sail.model.Decoder;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What {@link RewardSources#parse} may need besides the spec: where to load a reward model, the
 * policy and reference for {@code implicit}, and the knobs of model-based and remote sources.
 *
 * @param device where a reward model is loaded
 * @param policy the policy being trained, or null when the implicit reward is not available
 * @param reference the reference, null exactly when {@code policy} is; a supplier because iterative
 *     DPO may replace the reference between rounds, and the implicit reward must follow it
 * @param beta the implicit reward's beta (the training beta); ignored without a policy
 * @param batchSize rows per forward pass of a reward model or the implicit reward
 * @param remote timeouts and retries of reward servers
 */
public record RewardContext(Device device, Decoder policy, Supplier<Decoder> reference, double beta, int batchSize,
        RetryPolicy remote) {

    public static final double DEFAULT_BETA = 0.1;

    public RewardContext {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(remote, "remote");
        if ((policy == null) != (reference == null)) {
            throw new IllegalArgumentException("policy and reference are given together or not at all");
        }
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be a finite number > 0, got " + beta);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
        }
    }

    /** A context with no policy: every source but {@code implicit}; defaults for the rest. */
    public static RewardContext on(Device device) {
        return new RewardContext(device, null, null, DEFAULT_BETA, RewardModelSource.DEFAULT_BATCH_SIZE,
                RetryPolicy.DEFAULTS);
    }

    /** This context with the policy and reference that {@code implicit} scores with. */
    public RewardContext withPolicy(Decoder policy, Decoder reference, double beta) {
        Objects.requireNonNull(reference, "reference");
        return withPolicy(policy, () -> reference, beta);
    }

    /** As above, with a reference that may be replaced during training (read at every scoring). */
    public RewardContext withPolicy(Decoder policy, Supplier<Decoder> reference, double beta) {
        return new RewardContext(device, Objects.requireNonNull(policy, "policy"),
                Objects.requireNonNull(reference, "reference"), beta, batchSize, remote);
    }

    public RewardContext withBatchSize(int rows) {
        return new RewardContext(device, policy, reference, beta, rows, remote);
    }

    public RewardContext withRemote(RetryPolicy settings) {
        return new RewardContext(device, policy, reference, beta, batchSize, settings);
    }

    public boolean hasPolicy() {
        return policy != null;
    }
}
