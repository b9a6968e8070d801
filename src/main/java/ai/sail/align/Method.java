package ai.sail.align;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The training methods. Each is a preset of the one SAIL mechanism: a loss type and the routing
 * probabilities r (SAIL-DP), p (SAIL-PP), g (SAIL-PR) with their coefficients; the rest of every
 * batch is offline DPO.
 */
public enum Method {
    DPO(LossType.SIGMOID),
    IPO(LossType.IPO),
    HINGE(LossType.HINGE),
    ROBUST(LossType.ROBUST),
    /** Every example online: two policy samples labelled by the reward source (PR route, gamma 0). */
    ONLINE_DPO(LossType.SIGMOID),
    /** Rounds of sample, score, pair best with worst, train DPO on the round's pairs. */
    ITERATIVE_DPO(LossType.SIGMOID),
    SAIL_PR(LossType.SIGMOID),
    SAIL_PP(LossType.SIGMOID),
    SAIL_DP(LossType.SIGMOID),
    /** r, p, g and the coefficients all from options. */
    SAIL(LossType.SIGMOID);

    private final LossType defaultLoss;

    Method(LossType defaultLoss) {
        this.defaultLoss = defaultLoss;
    }

    public LossType defaultLoss() {
        return defaultLoss;
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean isOnline() {
        return this == ONLINE_DPO || this == ITERATIVE_DPO || this == SAIL_PR || this == SAIL_PP || this == SAIL;
    }

    public static Method parse(String s) {
        for (Method m : values()) {
            if (m.cliName().equals(s.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("method: '" + s + "' is not a method; allowed: " + allowed());
    }

    public static String allowed() {
        return Arrays.stream(values()).map(Method::cliName).collect(Collectors.joining(", "));
    }
}
