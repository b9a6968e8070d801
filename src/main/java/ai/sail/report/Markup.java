package ai.sail.report;

/**
 * Escaping for text placed in HTML and SVG. Method names, notes and settings come from users and
 * files; escaped, they can neither break the markup nor inject a script into the report.
 */
final class Markup {
    private Markup() {}

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c); // not allowed in XML
            }
        }
        return out.toString();
    }
}
