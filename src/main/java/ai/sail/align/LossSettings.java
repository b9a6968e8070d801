package ai.sail.align;

import java.util.Objects;

/**
 * @param beta strength of the KL regularisation (the implicit reward's scale), > 0
 * @param type the preference loss
 * @param labelSmoothing eps for {@link LossType#SIGMOID} (cDPO) and {@link LossType#ROBUST}, in [0, 0.5)
 * @param nllCoef weight of an extra negative log-likelihood term on the chosen response (per token,
 *     as RPO / TRL's {@code rpo_alpha}); 0 = off
 * @param sailForm how SAIL's sampling term is computed
 * @param sailBaseline the baseline of the sampling term ({@link SailForm#EXACT} only)
 * @param sailLengthNorm whether each response's score term is divided by its token count
 *     ({@link SailForm#EXACT} only)
 */
public record LossSettings(double beta, LossType type, double labelSmoothing, double nllCoef, SailForm sailForm,
        SailBaseline sailBaseline, boolean sailLengthNorm) {
    public LossSettings {
        Objects.requireNonNull(type, "loss type");
        Objects.requireNonNull(sailForm, "sail form");
        Objects.requireNonNull(sailBaseline, "sail baseline");
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be > 0, got " + beta);
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 0.5)) {
            throw new IllegalArgumentException("label-smoothing must be in [0, 0.5), got " + labelSmoothing);
        }
        if (labelSmoothing > 0 && type != LossType.SIGMOID && type != LossType.ROBUST) {
            throw new IllegalArgumentException("label-smoothing applies to the sigmoid and robust losses only, not " + type.cliName());
        }
        if (!(nllCoef >= 0)) {
            throw new IllegalArgumentException("nll-coef must be >= 0, got " + nllCoef);
        }
        if (sailForm != SailForm.EXACT && sailBaseline != SailBaseline.NONE) {
            throw new IllegalArgumentException("sail-baseline " + sailBaseline.cliName() + " applies to sail-form exact only, not "
                    + sailForm.cliName() + " (the authors' hook is kept as they wrote it)");
        }
        if (sailForm != SailForm.EXACT && sailLengthNorm) {
            throw new IllegalArgumentException("sail-length-norm applies to sail-form exact only, not " + sailForm.cliName()
                    + " (the authors' hook sg(l/logp) logp does not change when logp is divided by a length)");
        }
    }

    /** Without a baseline or length normalisation of the sampling term. */
    public LossSettings(double beta, LossType type, double labelSmoothing, double nllCoef, SailForm sailForm) {
        this(beta, type, labelSmoothing, nllCoef, sailForm, SailBaseline.NONE, false);
    }

    /**
     * Whether SAIL-PR pairs the reward source tied reach the loss (with reward 0 and no preference
     * term): only when a baseline makes their sampling term non-zero ({@link SailBaseline}).
     */
    public boolean keepsTies() {
        return sailForm == SailForm.EXACT && sailBaseline != SailBaseline.NONE;
    }
}
