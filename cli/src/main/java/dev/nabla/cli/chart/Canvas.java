package dev.nabla.cli.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A white PNG with a plot area, title, axis labels, grid, ticks and a legend: what the line and
 * bar charts share. Drawing is Java2D only (no AWT window), so it runs headless.
 */
final class Canvas {
    /** Colours of series, in order (colour-blind safe, as matplotlib's tab10 start). */
    static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};
    static final Color GRID = new Color(0xe5e5e5);
    static final Color AXIS = new Color(0x333333);

    final BufferedImage image;
    final Graphics2D g;
    final int left;
    final int top;
    final int right;
    final int bottom;

    Canvas(int width, int height, int left, int top, int right, int bottom) {
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        this.left = left;
        this.top = top;
        this.right = width - right;
        this.bottom = height - bottom;
    }

    int plotWidth() {
        return right - left;
    }

    int plotHeight() {
        return bottom - top;
    }

    void title(String text) {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        g.setColor(AXIS);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text, (image.getWidth() - fm.stringWidth(text)) / 2, 30);
    }

    void xLabel(String text) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.setColor(AXIS);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text, left + (plotWidth() - fm.stringWidth(text)) / 2, image.getHeight() - 14);
    }

    void yLabel(String text) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.setColor(AXIS);
        FontMetrics fm = g.getFontMetrics();
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(text, -(top + (plotHeight() + fm.stringWidth(text)) / 2), 20);
        g.setTransform(saved);
    }

    /** Horizontal grid line and tick label at pixel row {@code y}. */
    void yTick(int y, String label) {
        g.setColor(GRID);
        g.setStroke(new BasicStroke(1));
        g.drawLine(left, y, right, y);
        g.setColor(AXIS);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        g.drawLine(left - 5, y, left, y);
        g.drawString(label, left - 8 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
    }

    /** Vertical grid line and tick label at pixel column {@code x}. */
    void xTick(int x, String label) {
        g.setColor(GRID);
        g.setStroke(new BasicStroke(1));
        g.drawLine(x, top, x, bottom);
        g.setColor(AXIS);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        g.drawLine(x, bottom, x, bottom + 5);
        g.drawString(label, x - fm.stringWidth(label) / 2, bottom + 8 + fm.getAscent());
    }

    void frame() {
        g.setColor(AXIS);
        g.setStroke(new BasicStroke(1.2f));
        g.drawRect(left, top, plotWidth(), plotHeight());
    }

    /** Where a legend goes. */
    enum Place { TOP_RIGHT, BOTTOM_RIGHT, OUTSIDE_RIGHT }

    /** The width of {@code text} in the tick-label font. */
    static int textWidth(String text) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            return g.getFontMetrics(new Font(Font.SANS_SERIF, Font.PLAIN, 12)).stringWidth(text);
        } finally {
            g.dispose();
        }
    }

    /** A boxed legend inside the plot's top-right or bottom-right corner, or right of the plot. */
    void legend(List<String> names, Place place) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        FontMetrics fm = g.getFontMetrics();
        int width = 0;
        for (String n : names) {
            width = Math.max(width, fm.stringWidth(n));
        }
        int row = fm.getHeight() + 4;
        int boxWidth = width + 44;
        int boxHeight = names.size() * row + 10;
        int x = place == Place.OUTSIDE_RIGHT ? right + 12 : right - boxWidth - 10;
        int y = place == Place.BOTTOM_RIGHT ? bottom - boxHeight - 10 : top + (place == Place.OUTSIDE_RIGHT ? 0 : 10);
        g.setColor(new Color(255, 255, 255, 230));
        g.fillRect(x, y, boxWidth, boxHeight);
        g.setColor(new Color(0xbbbbbb));
        g.setStroke(new BasicStroke(1));
        g.drawRect(x, y, boxWidth, boxHeight);
        for (int i = 0; i < names.size(); i++) {
            int cy = y + 5 + i * row + row / 2;
            g.setColor(PALETTE[i % PALETTE.length]);
            g.fillRect(x + 8, cy - 5, 22, 10);
            g.setColor(AXIS);
            g.drawString(names.get(i), x + 36, cy + fm.getAscent() / 2 - 2);
        }
    }

    void save(Path file) throws IOException {
        g.dispose();
        Path dir = file.toAbsolutePath().getParent();
        java.nio.file.Files.createDirectories(dir);
        // Through a temporary file, so a reader never sees half a PNG.
        Path temp = java.nio.file.Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            if (!ImageIO.write(image, "png", temp.toFile())) {
                throw new IOException("no PNG writer in this Java runtime");
            }
            java.nio.file.Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            java.nio.file.Files.deleteIfExists(temp);
        }
    }
}
