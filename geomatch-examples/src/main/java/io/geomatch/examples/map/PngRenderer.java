package io.geomatch.examples.map;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.EnumMap;
import java.util.Map;

/**
 * Paints a {@link Drawing} with Java2D into an opaque RGB image, antialiased; works headless.
 * Each {@link Style} becomes the same fill, stroke and font the SVG's CSS describes. Stateless.
 */
final class PngRenderer {
    private PngRenderer() {
    }

    static BufferedImage render(Drawing drawing) {
        BufferedImage image = new BufferedImage(drawing.widthPx(), drawing.heightPx(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, drawing.widthPx(), drawing.heightPx());
            double[] plot = drawing.plot();
            Shape clip = new Rectangle2D.Double(plot[0], plot[1], plot[2], plot[3]);
            Map<Style, Font> fonts = new EnumMap<>(Style.class);
            for (Drawing.Layer layer : drawing.layers()) {
                g.setClip(layer.clipToPlot() ? clip : null);
                for (Drawing.Mark mark : layer.marks()) {
                    paint(g, mark, fonts);
                }
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void paint(Graphics2D g, Drawing.Mark mark, Map<Style, Font> fonts) {
        Style style = mark.style();
        if (mark instanceof Drawing.Text text) {
            Font font = fonts.computeIfAbsent(style,
                s -> new Font(Font.SANS_SERIF, s.bold ? Font.BOLD : Font.PLAIN, s.fontPx));
            g.setFont(font);
            g.setColor(colour(style.fillRgb, style.fillOpacity));
            float x = (float) text.x();
            if (text.anchor() != Drawing.Anchor.START) {
                int width = g.getFontMetrics().stringWidth(text.text());
                x -= text.anchor() == Drawing.Anchor.MIDDLE ? width / 2f : width;
            }
            g.drawString(text.text(), x, (float) text.y());
            return;
        }
        Shape shape;
        if (mark instanceof Drawing.Rings rings) {
            Path2D.Double path = new Path2D.Double(Path2D.WIND_EVEN_ODD);
            for (double[] ring : rings.rings()) {
                path.moveTo(ring[0], ring[1]);
                for (int i = 2; i < ring.length; i += 2) {
                    path.lineTo(ring[i], ring[i + 1]);
                }
                path.closePath();
            }
            shape = path;
        } else if (mark instanceof Drawing.Dot dot) {
            double r = dot.radiusPx();
            shape = new Ellipse2D.Double(dot.x() - r, dot.y() - r, 2 * r, 2 * r);
        } else {
            double[] xy = ((Drawing.Polyline) mark).xy();
            Path2D.Double path = new Path2D.Double();
            path.moveTo(xy[0], xy[1]);
            for (int i = 2; i < xy.length; i += 2) {
                path.lineTo(xy[i], xy[i + 1]);
            }
            shape = path;
        }
        if (style.filled() && !(mark instanceof Drawing.Polyline)) {
            g.setColor(colour(style.fillRgb, style.fillOpacity));
            g.fill(shape);
        }
        if (style.stroked()) {
            g.setColor(colour(style.strokeRgb, style.strokeOpacity));
            float width = (float) style.strokeWidthPx;
            g.setStroke(style.dashPx > 0
                ? new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                    new float[] {(float) style.dashPx, (float) style.dashPx}, 0f)
                : new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND));
            g.draw(shape);
        }
    }

    private static Color colour(int rgb, double opacity) {
        return new Color((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, (int) Math.round(opacity * 255));
    }
}
