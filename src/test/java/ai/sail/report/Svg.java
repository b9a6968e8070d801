package ai.sail.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/** Test checks on SVG markup: each element parses as XML and holds only finite numbers. */
final class Svg {
    private static final Pattern ELEMENT = Pattern.compile("<svg\\b.*?</svg>", Pattern.DOTALL);

    private Svg() {}

    /** Every {@code <svg>...</svg>} element of a page, in order. */
    static List<String> elements(String page) {
        List<String> found = new ArrayList<>();
        Matcher m = ELEMENT.matcher(page);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    /** Parses the element as XML (which fails on any unclosed or misnested tag) and returns it. */
    static Document parse(String svg) {
        assertThat(svg).doesNotContain("NaN").doesNotContain("Infinity");
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("not well-formed SVG: " + e.getMessage() + "\n" + svg, e);
        }
    }

    static int count(Document doc, String tag) {
        return doc.getElementsByTagName(tag).getLength();
    }
}
