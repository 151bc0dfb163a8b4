package dev.nabla.cli.chart;

import java.util.ArrayList;
import java.util.List;

/** "Nice" axis ticks (1, 2 or 5 times a power of ten), as in Heckbert's Graphics Gems labelling. */
final class Ticks {
    private Ticks() {
    }

    /**
     * About {@code count} evenly spaced round values covering {@code [min, max]}; the first and last
     * are the axis ends.
     */
    static List<Double> linear(double min, double max, int count) {
        if (!(max > min)) {
            double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
            min -= pad;
            max += pad;
        }
        double step = nice((max - min) / Math.max(1, count - 1), true);
        double start = Math.floor(min / step) * step;
        double end = Math.ceil(max / step) * step;
        List<Double> ticks = new ArrayList<>();
        for (int i = 0; start + i * step <= end + step * 1e-9; i++) {
            ticks.add(round(start + i * step, step));
        }
        return ticks;
    }

    /** Integer ticks (epochs): every integer when few, else round steps. */
    static List<Double> integers(int min, int max, int count) {
        int step = Math.max(1, (int) nice(Math.max(1, max - min) / (double) Math.max(1, count - 1), true));
        List<Double> ticks = new ArrayList<>();
        int start = (min / step) * step;
        for (int v = start; v <= max + step - 1; v += step) {
            ticks.add((double) v);
            if (v >= max) {
                break;
            }
        }
        return ticks;
    }

    /** Powers of ten covering {@code [min, max]} (both positive). */
    static List<Double> log(double min, double max) {
        List<Double> ticks = new ArrayList<>();
        for (int e = (int) Math.floor(Math.log10(min)); e <= (int) Math.ceil(Math.log10(max)); e++) {
            ticks.add(Math.pow(10, e));
        }
        if (ticks.size() < 2) {
            ticks.add(ticks.get(0) * 10);
        }
        return ticks;
    }

    /** A tick label: as few digits as the step needs. */
    static String label(double v, double step) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e5 || a < 1e-3) {
            return String.format(java.util.Locale.ROOT, "%.0e", v);
        }
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        return String.format(java.util.Locale.ROOT, "%." + Math.min(decimals, 6) + "f", v);
    }

    private static double nice(double x, boolean round) {
        double exp = Math.floor(Math.log10(x));
        double f = x / Math.pow(10, exp);
        double nf = round ? (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) : (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10);
        return nf * Math.pow(10, exp);
    }

    private static double round(double v, double step) {
        double scale = Math.pow(10, Math.max(0, Math.ceil(-Math.log10(step)) + 2));
        return Math.round(v * scale) / scale;
    }
}
