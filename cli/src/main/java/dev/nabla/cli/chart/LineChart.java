package dev.nabla.cli.chart;

import java.awt.BasicStroke;
import java.awt.geom.Path2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A PNG line chart of values per epoch (training curves): integer x ticks, round y ticks, a grid,
 * a dot per value and a legend.
 *
 * <pre>{@code
 * LineChart.write(Path.of("loss.png"), "Loss per epoch", "epoch", "loss",
 *         List.of(new LineChart.Series("train", epochs, trainLoss), new LineChart.Series("validation", epochs, valLoss)), false);
 * }</pre>
 */
public final class LineChart {
    private LineChart() {
    }

    /**
     * One curve; NaN values are left out.
     *
     * @param name legend text
     * @param x    x values (epochs)
     * @param y    y values
     */
    public record Series(String name, double[] x, double[] y) {
    }

    /** Draws the series (those without any finite value are left out) and writes {@code file}. */
    public static void write(Path file, String title, String xLabel, String yLabel, List<Series> series,
                             boolean legendAtBottom) throws IOException {
        List<Series> shown = series.stream().filter(LineChart::hasValues).toList();
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (Series s : shown) {
            for (int i = 0; i < s.x().length; i++) {
                if (Double.isFinite(s.y()[i])) {
                    xMin = Math.min(xMin, s.x()[i]);
                    xMax = Math.max(xMax, s.x()[i]);
                    yMin = Math.min(yMin, s.y()[i]);
                    yMax = Math.max(yMax, s.y()[i]);
                }
            }
        }
        if (shown.isEmpty()) {
            xMin = 1;
            xMax = 1;
            yMin = 0;
            yMax = 1;
        }
        Canvas c = new Canvas(900, 540, 84, 52, 30, 64);
        c.title(title);
        c.xLabel(xLabel);
        c.yLabel(yLabel);
        // A little headroom, so extreme points are not drawn on the frame.
        double headroom = (yMax - yMin) * 0.03;
        List<Double> yTicks = Ticks.linear(yMin - headroom, yMax + headroom, 6);
        double y0 = yTicks.get(0);
        double y1 = yTicks.get(yTicks.size() - 1);
        double step = yTicks.size() > 1 ? yTicks.get(1) - yTicks.get(0) : 1;
        int first = (int) Math.floor(xMin);
        int last = Math.max((int) Math.ceil(xMax), first + 1);
        List<Double> xTicks = Ticks.integers(first, last, 10);
        double x0 = Math.min(first, xTicks.get(0));
        double x1 = Math.max(last, xTicks.get(xTicks.size() - 1));
        // A small inset so the first and last points are not drawn on the frame.
        double xPad = (x1 - x0) * 0.03;
        double xa = x0 - xPad;
        double xb = x1 + xPad;
        for (double t : yTicks) {
            c.yTick(py(c, t, y0, y1), Ticks.label(t, step));
        }
        for (double t : xTicks) {
            c.xTick(px(c, t, xa, xb), String.valueOf((long) t));
        }
        c.frame();
        for (int k = 0; k < shown.size(); k++) {
            Series s = shown.get(k);
            c.g.setColor(Canvas.PALETTE[k % Canvas.PALETTE.length]);
            c.g.setStroke(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            Path2D.Double line = new Path2D.Double();
            boolean open = false;
            for (int i = 0; i < s.x().length; i++) {
                if (!Double.isFinite(s.y()[i])) {
                    open = false;
                    continue;
                }
                double x = px(c, s.x()[i], xa, xb);
                double y = py(c, s.y()[i], y0, y1);
                if (open) {
                    line.lineTo(x, y);
                } else {
                    line.moveTo(x, y);
                    open = true;
                }
                c.g.fillOval((int) Math.round(x) - 4, (int) Math.round(y) - 4, 8, 8);
            }
            c.g.draw(line);
        }
        c.legend(shown.stream().map(Series::name).toList(), legendAtBottom ? Canvas.Place.BOTTOM_RIGHT : Canvas.Place.TOP_RIGHT);
        c.save(file);
    }

    private static boolean hasValues(Series s) {
        for (double v : s.y()) {
            if (Double.isFinite(v)) {
                return true;
            }
        }
        return false;
    }

    private static int px(Canvas c, double x, double x0, double x1) {
        return (int) Math.round(c.left + (x - x0) / (x1 - x0) * c.plotWidth());
    }

    private static int py(Canvas c, double y, double y0, double y1) {
        return (int) Math.round(c.bottom - (y - y0) / (y1 - y0) * c.plotHeight());
    }
}
