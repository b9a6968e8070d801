package ai.sail.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Colours for methods, assigned once per report in the order the methods come, so a method has the
 * same colour in every chart and the legend of one chart explains the others. The colours are
 * Tableau's ten, reordered so the first seven (the demo's methods) are the most distinct on white;
 * past ten they repeat.
 */
final class Palette {
    private static final List<String> COLOURS = List.of(
            "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1",
            "#9c755f", "#76b7b2", "#ff9da7", "#bab0ac", "#edc948");

    private Palette() {}

    static Map<String, String> assign(List<String> methods) {
        Map<String, String> colours = new LinkedHashMap<>();
        for (String method : methods) {
            colours.putIfAbsent(method, COLOURS.get(colours.size() % COLOURS.size()));
        }
        return colours;
    }
}
