package io.geomatch.examples.map;

import java.util.List;

/**
 * Writes a {@link Drawing} as standalone SVG 1.1 text: one CSS class per {@link Style}, one
 * {@code <g>} per layer, {@code <polygon>} for a single ring, {@code <path>} (even-odd) for
 * several, {@code <circle>}, {@code <polyline>} and {@code <text>}. Coordinates are rounded to
 * 0.01 px. Stateless.
 */
final class SvgRenderer {
    private SvgRenderer() {
    }

    static String render(Drawing drawing) {
        StringBuilder out = new StringBuilder(16_384);
        int w = drawing.widthPx();
        int h = drawing.heightPx();
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n");
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(w)
            .append("\" height=\"").append(h).append("\" viewBox=\"0 0 ").append(w).append(' ').append(h).append("\">\n");
        out.append("<defs>\n<style type=\"text/css\"><![CDATA[\n");
        out.append("text { font-family: Arial, Helvetica, sans-serif; }\n");
        for (Style style : Style.values()) {
            out.append('.').append(style.cssClass()).append(" { ").append(css(style)).append("}\n");
        }
        out.append("]]></style>\n");
        double[] plot = drawing.plot();
        out.append("<clipPath id=\"plot\"><rect x=\"");
        num(out, plot[0]).append("\" y=\"");
        num(out, plot[1]).append("\" width=\"");
        num(out, plot[2]).append("\" height=\"");
        num(out, plot[3]).append("\"/></clipPath>\n</defs>\n");
        for (Drawing.Layer layer : drawing.layers()) {
            out.append("<g id=\"").append(layer.id()).append('"');
            if (layer.clipToPlot()) {
                out.append(" clip-path=\"url(#plot)\"");
            }
            out.append(">\n");
            for (Drawing.Mark mark : layer.marks()) {
                mark(out, mark);
            }
            out.append("</g>\n");
        }
        return out.append("</svg>\n").toString();
    }

    private static void mark(StringBuilder out, Drawing.Mark mark) {
        String cls = mark.style().cssClass();
        if (mark instanceof Drawing.Rings rings) {
            List<double[]> list = rings.rings();
            if (list.size() == 1) {
                out.append("<polygon class=\"").append(cls).append("\" points=\"");
                points(out, list.get(0));
                out.append("\"/>\n");
            } else {
                out.append("<path class=\"").append(cls).append("\" fill-rule=\"evenodd\" d=\"");
                for (double[] ring : list) {
                    for (int i = 0; i < ring.length; i += 2) {
                        out.append(i == 0 ? 'M' : 'L');
                        num(out, ring[i]).append(',');
                        num(out, ring[i + 1]);
                    }
                    out.append('Z');
                }
                out.append("\"/>\n");
            }
        } else if (mark instanceof Drawing.Dot dot) {
            out.append("<circle class=\"").append(cls).append("\" cx=\"");
            num(out, dot.x()).append("\" cy=\"");
            num(out, dot.y()).append("\" r=\"");
            num(out, dot.radiusPx()).append("\"/>\n");
        } else if (mark instanceof Drawing.Polyline line) {
            out.append("<polyline class=\"").append(cls).append("\" points=\"");
            points(out, line.xy());
            out.append("\"/>\n");
        } else {
            Drawing.Text text = (Drawing.Text) mark;
            out.append("<text class=\"").append(cls).append("\" x=\"");
            num(out, text.x()).append("\" y=\"");
            num(out, text.y()).append('"');
            if (text.anchor() != Drawing.Anchor.START) {
                out.append(" text-anchor=\"").append(text.anchor() == Drawing.Anchor.MIDDLE ? "middle" : "end").append('"');
            }
            out.append('>');
            escape(out, text.text());
            out.append("</text>\n");
        }
    }

    private static String css(Style style) {
        StringBuilder css = new StringBuilder();
        if (style.filled()) {
            css.append("fill: ").append(hex(style.fillRgb)).append("; ");
            if (style.fillOpacity < 1) {
                css.append("fill-opacity: ").append(style.fillOpacity).append("; ");
            }
        } else {
            css.append("fill: none; ");
        }
        if (style.stroked()) {
            css.append("stroke: ").append(hex(style.strokeRgb)).append("; stroke-width: ").append(style.strokeWidthPx)
                .append("; stroke-linejoin: round; ");
            if (style.strokeOpacity < 1) {
                css.append("stroke-opacity: ").append(style.strokeOpacity).append("; ");
            }
            if (style.dashPx > 0) {
                css.append("stroke-dasharray: ").append(style.dashPx).append(' ').append(style.dashPx).append("; ");
            }
        }
        if (style.fontPx > 0) {
            css.append("font-size: ").append(style.fontPx).append("px; ");
            if (style.bold) {
                css.append("font-weight: bold; ");
            }
        }
        return css.toString();
    }

    private static String hex(int rgb) {
        return String.format("#%06x", rgb & 0xFFFFFF);
    }

    private static void points(StringBuilder out, double[] xy) {
        for (int i = 0; i < xy.length; i += 2) {
            if (i > 0) {
                out.append(' ');
            }
            num(out, xy[i]).append(',');
            num(out, xy[i + 1]);
        }
    }

    /** Appends a finite value rounded to 0.01 in plain notation, without trailing zeros. */
    static StringBuilder num(StringBuilder out, double value) {
        assert Double.isFinite(value) && Math.abs(value) < 1e15 : value;
        long hundredths = Math.round(value * 100);
        if (hundredths < 0) {
            out.append('-');
            hundredths = -hundredths;
        }
        out.append(hundredths / 100);
        int fraction = (int) (hundredths % 100);
        if (fraction != 0) {
            out.append('.').append(fraction / 10);
            if (fraction % 10 != 0) {
                out.append(fraction % 10);
            }
        }
        return out;
    }

    /**
     * Appends text escaped for XML character data and attributes. Characters XML 1.0 cannot hold
     * at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF) become U+FFFD.
     */
    static void escape(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || Character.isSurrogate(c)
                        || c == 0xFFFE || c == 0xFFFF) {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
