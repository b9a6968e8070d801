package ai.sail.align;

import java.util.Locale;

/** How SAIL's sampling term is computed (see the algorithm note). */
public enum SailForm {
    /** The derivation: {@code -c * sg(l) * (logp(y1) + logp(y2))}, averaged over the batch. */
    EXACT,
    /**
     * The authors' implementation: a gradient hook adding {@code -c * sg(l) / sg(logp(y))} to
     * dL/dlogp of each sampled response, not divided by the batch size; as a surrogate,
     * {@code -c * sg(l / logp(y)) * logp(y)} summed over the batch.
     */
    REFERENCE_CODE;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static SailForm parse(String s, String field) {
        for (SailForm f : values()) {
            if (f.cliName().equals(s.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException(field + ": '" + s + "' is not a SAIL form; allowed: exact, reference-code");
    }
}
