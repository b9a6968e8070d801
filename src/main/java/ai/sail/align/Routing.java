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

    /** The method's preset, each value overridable (null = keep the preset). */
    public static Routing of(Method m, boolean hasPairs, Double r, Double p, Double g, Double rho, Double pi, Double gamma) {
        double[] v = switch (m) {
            case SAIL_DP -> new double[] {0.4, 0, 0, 0.2, 0, 0};
            case SAIL_PP -> new double[] {0, hasPairs ? 0.3 : 1, 0, 0, 0.2, 0};
            case SAIL_PR -> new double[] {0, 0, hasPairs ? 0.3 : 1, 0, 0, 0.3};
            case ONLINE_DPO -> new double[] {0, 0, 1, 0, 0, 0};
            case SAIL -> new double[] {0, 0, 0, 0.2, 0.2, 0.3};
            default -> new double[] {0, 0, 0, 0, 0, 0};
        };
        boolean fixed = m == Method.DPO || m == Method.IPO || m == Method.HINGE || m == Method.ROBUST
                || m == Method.ITERATIVE_DPO;
        if (fixed && (r != null || p != null || g != null)) {
            throw new IllegalArgumentException("r, p and g apply to the SAIL methods and online-dpo, not " + m.cliName());
        }
        Routing routing = new Routing(pick(r, v[0]), pick(p, v[1]), pick(g, v[2]), pick(rho, v[3]), pick(pi, v[4]),
                pick(gamma, v[5]));
        if (!hasPairs && routing.r() > 0) {
            throw new IllegalArgumentException("r > 0 (SAIL-DP) needs preference pairs (--data)");
        }
        if (!hasPairs && routing.offline() > 1e-9 && m != Method.ITERATIVE_DPO) {
            throw new IllegalArgumentException("with prompts only, r + p + g must be 1 (there are no pairs for offline DPO); got "
                    + (routing.r() + routing.p() + routing.g()));
        }
        return routing;
    }

    private static double pick(Double given, double preset) {
        return given == null ? preset : given;
    }
}
