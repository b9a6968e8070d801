package ai.sail.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Expected strings were produced by Python 3's {@code json.dumps(..., ensure_ascii=False)}. */
class PythonJsonTest {

    @Test
    void oneLineUsesPythonSpacingAndEscapes() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("s", "é\"\\\n\t\u0001");
        value.put("n", Arrays.asList(1, 2.0, -0.0, 1e16, 1.5e-05, 0.0001, 123456789.125, true, null));
        value.put("e", Map.of());

        assertThat(PythonJson.of(null, Optional.empty(), false).write(value)).isEqualTo(
                "{\"s\": \"é\\\"\\\\\\n\\t\\u0001\", \"n\": [1, 2.0, -0.0, 1e+16, 1.5e-05, 0.0001, 123456789.125,"
                        + " true, null], \"e\": {}}");
    }

    @Test
    void indentAndSortKeys() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("b", List.of(1, 2));
        value.put("a", List.of());

        assertThat(PythonJson.of(2, Optional.empty(), true).write(value))
                .isEqualTo("{\n  \"a\": [],\n  \"b\": [\n    1,\n    2\n  ]\n}");
        assertThat(PythonJson.of(null, Optional.of(List.of(",", ":")), false).write(value))
                .isEqualTo("{\"b\":[1,2],\"a\":[]}");
    }

    @Test
    void tojsonFilterTakesIndentAsArgumentOrKeyword() {
        ChatTemplate template = new ChatTemplate("{{ x | tojson }}|{{ x | tojson(1) }}|{{ x | tojson(indent=1) }}");

        String out = template.render(List.of(), false, Map.of("x", Map.of("k", "v")));

        assertThat(out).isEqualTo("{\"k\": \"v\"}|{\n \"k\": \"v\"\n}|{\n \"k\": \"v\"\n}");
    }
}
