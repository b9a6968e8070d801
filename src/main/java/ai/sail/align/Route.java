package ai.sail.align;

/** Which part of the SAIL objective one training example feeds. */
public enum Route {
    /** The dataset pair, labels as given: offline DPO. */
    OFFLINE,
    /** SAIL-DP: the dataset pair, labelled by the policy (Bernoulli of sigmoid(beta h)). */
    DP,
    /** SAIL-PP: two policy samples, labelled by the policy. */
    PP,
    /** SAIL-PR: two policy samples, labelled by the reward source. */
    PR;

    public boolean sampled() {
        return this == PP || this == PR;
    }

    public boolean policyLabelled() {
        return this == DP || this == PP;
    }
}
