package dev.nabla.cli.chart;

import java.awt.Font;
import java.awt.FontMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A PNG of horizontal grouped bars on a logarithmic axis: one group per category (a benchmark
 * workload), one bar per series (a backend), each bar labelled with its value.
 */
public final class BarChart {
    private BarChart() {
    }

    /**
     * Writes the chart.
     *
     * @param categories group labels, top to bottom
     * @param series     bar names (legend), in colour order
     * @param values     {@code values[series][category]}; NaN or non-positive values draw no bar
     * @param valueText  {@code valueText[series][category]}: the label beside each bar
     */
    public static void write(Path file, String title, String axisLabel, List<String> categories, List<String> series,
                             double[][] values, String[][] valueText) throws IOException {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : values) {
            for (double v : row) {
                if (v > 0 && Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (min == Double.POSITIVE_INFINITY) {
            min = 1;
            max = 10;
        }
        int bar = 14;
        int group = series.size() * bar + 14;
        int left = 30 + categories.stream().mapToInt(Canvas::textWidth).max().orElse(100);
        int legendWidth = 60 + series.stream().mapToInt(Canvas::textWidth).max().orElse(40);
        Canvas c = new Canvas(left + 620 + legendWidth, Math.max(300, 120 + categories.size() * group), left, 70, legendWidth, 60);
        c.title(title);
        c.xLabel(axisLabel);
        List<Double> ticks = Ticks.log(min, max);
        double lo = Math.log10(ticks.get(0));
        double hi = Math.log10(ticks.get(ticks.size() - 1));
        for (double t : ticks) {
            c.xTick(x(c, Math.log10(t), lo, hi), Ticks.label(t, t));
        }
        c.frame();
        c.g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = c.g.getFontMetrics();
        for (int k = 0; k < categories.size(); k++) {
            int gy = c.top + 7 + k * group;
            c.g.setColor(Canvas.AXIS);
            String label = categories.get(k);
            c.g.drawString(label, left - 10 - fm.stringWidth(label), gy + group / 2 - 2);
            for (int s = 0; s < series.size(); s++) {
                double v = values[s][k];
                if (!(v > 0) || !Double.isFinite(v)) {
                    continue;
                }
                int y = gy + s * bar;
                int end = x(c, Math.log10(v), lo, hi);
                c.g.setColor(Canvas.PALETTE[s % Canvas.PALETTE.length]);
                c.g.fillRect(c.left + 1, y, Math.max(1, end - c.left - 1), bar - 2);
                c.g.setColor(Canvas.AXIS);
                c.g.drawString(valueText[s][k], end + 4, y + bar - 4);
            }
        }
        c.legend(series, Canvas.Place.OUTSIDE_RIGHT);
        c.save(file);
    }

    private static int x(Canvas c, double logValue, double lo, double hi) {
        return (int) Math.round(c.left + (logValue - lo) / (hi - lo) * c.plotWidth());
    }
}
