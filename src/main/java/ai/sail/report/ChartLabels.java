package ai.sail.report;

/** The words on a chart: its title and what each axis measures. */
public record ChartLabels(String title, String xLabel, String yLabel) {
    public ChartLabels {
        Validation.requireNonBlank(title, "chart title");
        Validation.requireNonBlank(xLabel, "x axis label");
        Validation.requireNonBlank(yLabel, "y axis label");
    }
}
