package ai.sail.align;

/**
 * Where each example goes: SAIL-DP with probability r, SAIL-PP with p, SAIL-PR with g, offline DPO
 * with the rest; and the coefficients of the SAIL terms. Method presets follow the authors' example
 * values (DP r=0.4 rho=0.2; PP p=0.3 pi=0.2; PR g=0.3 gamma=0.3); with prompts only, the PR and PP
 * presets route every example online. Online DPO is the PR route for every example with gamma = 0.
 */
public record Routing(double r, double p, double g, double rho, double piCoef, double gamma) {

    public Routing {
        check("r", r);
        check("p", p);
        check("g", g);
        if (r + p + g > 1 + 1e-9) {
            throw new IllegalArgumentException("r + p + g must be <= 1, got " + (r + p + g));
        }
        if (!(rho >= 0) || !(piCoef >= 0) || !(gamma >= 0)) {
            throw new IllegalArgumentException("rho, pi-coef and gamma must be >= 0");
        }
    }

    private static void check(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + v);
        }
    }

    public double offline() {
        return Math.max(0, 1 - r - p - g);
    }

    /** Everything offline DPO. */
    public static final Routing OFFLINE = new Routing(0, 0, 0, 0, 0, 0);

    /** A share {@code r} of SAIL-DP with label-term coefficient {@code rho}. */
    public static Routing dp(double r, double rho) {
        return new Routing(r, 0, 0, rho, 0, 0);
    }

    /** A share {@code p} of SAIL-PP with coefficient {@code piCoef}. */
    public static Routing pp(double p, double piCoef) {
        return new Routing(0, p, 0, 0, piCoef, 0);
    }

    /** A share {@code g} of SAIL-PR with sampling-term coefficient {@code gamma}. */
    public static Routing pr(double g, double gamma) {
        return new Routing(0, 0, g, 0, 0, gamma);
    }

    /** No route chosen yet, only coefficients (the {@code sail} method's preset). */
    public static Routing coefficients(double rho, double piCoef, double gamma) {
        return new Routing(0, 0, 0, rho, piCoef, gamma);
    }

    /** The method's {@code preset} (see {@link SailPreset}), each value overridable (null = keep the preset). */
    public static Routing of(Method m, Routing preset, boolean hasPairs, Double r, Double p, Double g, Double rho, Double pi,
            Double gamma) {
        if (!m.routingAdjustable() && (r != null || p != null || g != null)) {
            throw new IllegalArgumentException("r, p and g apply to the SAIL methods and online-dpo, not " + m.cliName());
        }
        Routing routing = new Routing(pick(r, preset.r()), pick(p, preset.p()), pick(g, preset.g()),
                pick(rho, preset.rho()), pick(pi, preset.piCoef()), pick(gamma, preset.gamma()));
        if (!hasPairs && routing.r() > 0) {
            throw new IllegalArgumentException("r > 0 (SAIL-DP) needs preference pairs (--data)");
        }
        if (!hasPairs && routing.offline() > 1e-9 && !m.trainsInRounds()) {
            throw new IllegalArgumentException("with prompts only, r + p + g must be 1 (there are no pairs for offline DPO); got "
                    + (routing.r() + routing.p() + routing.g()));
        }
        return routing;
    }

    private static double pick(Double given, double preset) {
        return given == null ? preset : given;
    }
}
