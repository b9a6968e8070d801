package ai.sail.align;

import java.util.Objects;

/**
 * @param beta strength of the KL regularisation (the implicit reward's scale), > 0
 * @param type the preference loss
 * @param labelSmoothing eps for {@link LossType#SIGMOID} (cDPO) and {@link LossType#ROBUST}, in [0, 0.5)
 * @param nllCoef weight of an extra negative log-likelihood term on the chosen response (per token,
 *     as RPO / TRL's {@code rpo_alpha}); 0 = off
 * @param sailForm how SAIL's sampling term is computed
 */
public record LossSettings(double beta, LossType type, double labelSmoothing, double nllCoef, SailForm sailForm) {
    public LossSettings {
        Objects.requireNonNull(type, "loss type");
        Objects.requireNonNull(sailForm, "sail form");
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
    }
}
