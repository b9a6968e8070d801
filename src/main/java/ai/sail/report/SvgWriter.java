package ai.sail.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Writes SVG markup: escapes every text and attribute, and formats coordinates compactly. It refuses
 * a non-finite number, so a NaN that slipped past a chart's checks fails loudly instead of drawing
 * an element a browser silently drops.
 *
 * <p>Attributes are given as name, value pairs; the SVG is drawn with presentation attributes, not
 * classes, so a chart still looks right when copied out of the page. {@link #escape} is also the
 * escaping of the HTML page around the charts.
 */
final class SvgWriter {
    private final StringBuilder out = new StringBuilder();

    SvgWriter(double width, double height, String description) {
        out.append("<svg width=\"").append(number(width)).append("\" height=\"").append(number(height))
                .append("\" viewBox=\"0 0 ").append(number(width)).append(' ').append(number(height))
                .append("\" role=\"img\" aria-label=\"").append(escape(description))
                .append("\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\" font-size=\"12\">\n");
    }

    /** {@code <name a="v" .../>}. */
    SvgWriter empty(String name, Object... attributes) {
        tag(name, attributes);
        out.append("/>\n");
        return this;
    }

    /** {@code <name a="v" ...>text</name>}. */
    SvgWriter element(String name, String text, Object... attributes) {
        tag(name, attributes);
        out.append('>').append(escape(text)).append("</").append(name).append(">\n");
        return this;
    }

    /** Opens {@code <name ...>}; children follow until {@link #close}. */
    SvgWriter open(String name, Object... attributes) {
        tag(name, attributes);
        out.append(">\n");
        return this;
    }

    SvgWriter close(String name) {
        out.append("</").append(name).append(">\n");
        return this;
    }

    /** The finished {@code <svg>} element. */
    String finish() {
        return out + "</svg>\n";
    }

    /** A number as an SVG coordinate: at most two decimals, no trailing zeros. */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalStateException("an SVG coordinate must be finite, got " + value);
        }
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /**
     * Text made safe for HTML and SVG. Method names, notes and settings come from users and files;
     * escaped, they can neither break the markup nor inject a script into the report.
     */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c); // not allowed in XML
            }
        }
        return escaped.toString();
    }

    private void tag(String name, Object... attributes) {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name, value pairs");
        }
        out.append('<').append(name);
        for (int i = 0; i < attributes.length; i += 2) {
            Object value = attributes[i + 1];
            String text = value instanceof Number n ? number(n.doubleValue()) : escape(String.valueOf(value));
            out.append(' ').append(attributes[i]).append("=\"").append(text).append('"');
        }
    }
}
