package ai.sail.demo;

import ai.sail.align.Method;
import ai.sail.eval.EvalResult;
import ai.sail.eval.MatchedKl;
import ai.sail.report.ComparisonReport;
import ai.sail.report.Curve;
import ai.sail.report.MethodResult;
import ai.sail.report.MetricNames;
import ai.sail.report.Stat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Gathers each method's evaluations over seeds and turns them into the {@link ComparisonReport}:
 * mean and spread of every final metric, mean curves of gold reward and KL over training.
 */
final class DemoResults {

    private final DemoSettings settings;
    private final Map<Arm, List<Map<String, Double>>> finals = new LinkedHashMap<>();
    private final Map<Arm, List<CurveRecorder>> curves = new LinkedHashMap<>();
    private EvalResult base;
    private int pairs;
    private int ties;
    private int flipped;

    DemoResults(DemoSettings settings) {
        this.settings = settings;
    }

    void base(EvalResult r) {
        base = r;
    }

    void pairs(int count, int tiesDropped, int labelsAgainstGold) {
        pairs = count;
        ties = tiesDropped;
        flipped = labelsAgainstGold;
    }

    void add(Arm method, CurveRecorder recorder, double[] times) {
        EvalResult r = recorder.finalResult();
        Map<String, Double> row = new LinkedHashMap<>();
        row.put(MetricNames.EVAL_GOLD_REWARD, r.meanReward());
        row.put(MetricNames.EVAL_WIN_RATE, r.winRate());
        row.put(MetricNames.EVAL_SOFT_WIN_RATE, r.softWinRate());
        row.put(MetricNames.EVAL_KL, r.kl());
        row.put(MetricNames.EVAL_MEAN_LENGTH, r.meanLength());
        row.put(MetricNames.EVAL_EOS_SHARE, r.eosShare());
        row.put(MetricNames.EVAL_GENERATION_S, times[0]);
        row.put(MetricNames.EVAL_UPDATE_S, times[1]);
        finals.computeIfAbsent(method, k -> new ArrayList<>()).add(row);
        curves.computeIfAbsent(method, k -> new ArrayList<>()).add(recorder);
    }

    ComparisonReport report(String machine, double seconds) {
        List<MethodResult> rows = new ArrayList<>();
        Map<String, Stat> baseRow = new LinkedHashMap<>();
        baseRow.put(MetricNames.EVAL_GOLD_REWARD, Stat.of(base.meanReward()));
        baseRow.put(MetricNames.EVAL_WIN_RATE, Stat.of(0.5));
        baseRow.put(MetricNames.EVAL_SOFT_WIN_RATE, Stat.of(0.5));
        baseRow.put(MetricNames.EVAL_KL, Stat.of(0.0));
        baseRow.put(MetricNames.EVAL_MEAN_LENGTH, Stat.of(base.meanLength()));
        baseRow.put(MetricNames.EVAL_EOS_SHARE, Stat.of(base.eosShare()));
        rows.add(new MethodResult("base model", baseRow));
        List<Curve> curveList = new ArrayList<>();
        finals.forEach((method, runs) -> {
            Map<String, Stat> stats = new LinkedHashMap<>();
            for (String key : MetricNames.EVAL_ORDER) {
                stats.put(key, Stat.of(runs.stream().mapToDouble(r -> r.get(key)).toArray()));
            }
            rows.add(new MethodResult(method.name(), stats));
            List<CurveRecorder> recs = curves.get(method);
            curveList.add(curve(method, MetricNames.EVAL_GOLD_REWARD, recs, true));
            curveList.add(curve(method, MetricNames.EVAL_KL, recs, false));
        });
        List<String> notes = new ArrayList<>();
        notes.add(String.format(Locale.ROOT, "Base model on the held-out prompts: gold reward %.4f (sd %.4f over %d samples),"
                + " distinct-1 %.3f, distinct-2 %.3f, mean length %.1f tokens, %.0f%% end with EOS.",
                base.meanReward(), base.rewardSd(), base.samples(), base.distinct1(), base.distinct2(),
                base.meanLength(), 100 * base.eosShare()));
        notes.add(settings.pairSource().labelNoise() == 0 && settings.pairSource().temperature() == 1.0
                ? String.format(Locale.ROOT, "Offline pairs: %d (two base-model samples per training prompt, the higher"
                        + " gold reward chosen; %d ties dropped).", pairs, ties)
                : String.format(Locale.ROOT, "Offline pairs: %d (two %s; %d ties dropped; %d labels (%.0f%%) prefer the"
                        + " lower gold reward).", pairs, settings.pairSource().describe(), ties, flipped,
                        100.0 * flipped / Math.max(1, pairs)));
        notes.add("Win rates compare each held-out response with the base model's response to the same prompt under"
                + " the gold reward (ties count 0.5; soft = mean sigmoid of the reward difference). KL is the Monte-Carlo"
                + " estimate of KL(policy || base) from the policy's samples, in nats per response.");
        notes.addAll(matchedKlNotes());
        notes.add(String.format(Locale.ROOT, "Wall time of the whole run: %.0f s.", seconds));
        String setup = String.format(Locale.ROOT, "%d updates per arm, batch %d, learning rate %s (constant), beta %s,"
                + " %d new tokens, %d seed(s); gold reward %s", settings.steps(), settings.batchSize(),
                settings.learningRate(), settings.beta(), settings.maxNewTokens(), settings.seeds(), settings.reward());
        String title = settings.model() == null ? "Sail demo: aligning a small story model for positive sentiment"
                : "Sail method comparison: " + java.nio.file.Path.of(settings.model()).getFileName() + ", gold reward " + settings.reward();
        return new ComparisonReport(title, machine, setup,
                MetricNames.EVAL_ORDER, MetricNames.EVAL_LABELS, rows, curveList, notes);
    }

    /**
     * Each method's reward at one KL budget, read along every seed's evaluation curve, and its
     * difference to online DPO and to DPO paired by seed (see {@link MatchedKl}). The budget is 80% of
     * the smallest KL that every method reaches on average, so that each method has a reading.
     */
    private List<String> matchedKlNotes() {
        double reachable = Double.POSITIVE_INFINITY;
        for (List<CurveRecorder> recs : curves.values()) {
            reachable = Math.min(reachable, recs.stream().mapToDouble(r -> max(r.kls())).average().orElse(0));
        }
        if (!(reachable > 0) || curves.size() < 2) {
            return List.of();
        }
        double budget = Math.floor(0.8 * reachable * 100) / 100;
        Map<Arm, double[]> at = new LinkedHashMap<>();
        curves.forEach((m, recs) -> at.put(m, recs.stream().mapToDouble(r -> MatchedKl.rewardAt(r.kls(), r.rewards(), budget)).toArray()));
        List<String> parts = new ArrayList<>();
        at.forEach((m, v) -> parts.add(m.name() + " " + format(MatchedKl.interval(v))));
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "Gold reward at a matched KL of %.2f nats (read where each run's evaluation"
                + " curve first reaches it; mean [95%% interval] over seeds): %s.", budget, String.join("; ", parts)));
        for (Arm baseline : List.of(Arm.of(Method.ONLINE_DPO), Arm.of(Method.DPO))) {
            if (!at.containsKey(baseline) || settings.seeds() < 2) {
                continue;
            }
            List<String> diffs = new ArrayList<>();
            at.forEach((m, v) -> {
                if (!m.equals(baseline)) {
                    MatchedKl.Interval d = MatchedKl.pairedDifference(v, at.get(baseline));
                    diffs.add(m.name() + " " + format(d) + (d.excludesZero() ? " (beyond noise)" : " (within noise)"));
                }
            });
            out.add(String.format(Locale.ROOT, "Difference to %s at that KL, paired by seed: %s.", baseline.name(),
                    String.join("; ", diffs)));
        }
        return out;
    }

    private static String format(MatchedKl.Interval i) {
        if (i.n() == 0) {
            return "not reached";
        }
        return i.n() == 1 ? String.format(Locale.ROOT, "%.3f", i.mean())
                : String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", i.mean(), i.low(), i.high());
    }

    private static double max(double[] values) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static Curve curve(Arm method, String metric, List<CurveRecorder> recs, boolean reward) {
        int[] steps = recs.get(0).steps();
        double[] mean = new double[steps.length];
        double[] sd = new double[steps.length];
        for (int i = 0; i < steps.length; i++) {
            double[] values = new double[recs.size()];
            for (int k = 0; k < recs.size(); k++) {
                values[k] = (reward ? recs.get(k).rewards() : recs.get(k).kls())[i];
            }
            Stat st = Stat.of(values);
            mean[i] = st.mean();
            sd[i] = st.sd();
        }
        return new Curve(method.name(), metric, steps, mean, recs.size() > 1 ? sd : null);
    }
}
