/**
 * Metrics and reports: what a run logs while it trains, and the comparison report of {@code sail demo}.
 *
 * <ul>
 *   <li>{@link ai.sail.report.MetricNames}: every metric name, spelled as the Python DPO trainer spells it,
 *       then SAIL's own; {@link ai.sail.report.MetricsLog}: {@code metrics.jsonl}, one object per logged
 *       step; {@link ai.sail.report.ProgressBar}: console progress.
 *   <li>{@link ai.sail.report.ComparisonReport}: one comparison of methods as plain data
 *       ({@link ai.sail.report.MethodResult}s of {@link ai.sail.report.Stat}s, {@link ai.sail.report.Curve}s),
 *       written by {@link ai.sail.report.ReportWriter} as {@code report.html} ({@link ai.sail.report.HtmlReport},
 *       with charts drawn by {@code Chart} on {@link ai.sail.report.NiceScale} axes and written by
 *       {@code SvgWriter}) and {@code summary.md}, shown by {@link ai.sail.report.ConsoleTable} in the terminal,
 *       and embedded in the page as JSON by {@link ai.sail.report.ReportJson}.
 * </ul>
 *
 * <p>A leaf that the engine uses rather than a stage after it: the trainer logs through it. So it may use
 * none of the stages; only {@code io} (for {@link ai.sail.io.AtomicWrite}) and Jackson.
 */
package ai.sail.report;
