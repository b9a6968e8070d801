package ai.sail.text;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * transformers' {@code tojson} filter ({@code json.dumps} with {@code ensure_ascii=False}), replacing
 * Jinjava's compact one. Accepts {@code indent}, {@code separators} and {@code sort_keys} as keywords, and
 * {@code indent} also as the first positional argument, as in Jinja.
 */
final class PythonJsonFilter implements Filter {

    @Override
    public String getName() {
        return "tojson";
    }

    @Override
    public Object filter(Object value, JinjavaInterpreter interpreter, String... args) {
        return filter(value, interpreter, (Object[]) args, Map.of());
    }

    @Override
    public Object filter(Object value, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
        Object indent = kwargs.containsKey("indent") ? kwargs.get("indent") : args.length > 0 ? args[0] : null;
        Object separators = kwargs.get("separators");
        Object sortKeys = kwargs.get("sort_keys");
        PythonJson json = PythonJson.of(
                indent == null ? null : Integer.valueOf(Integer.parseInt(indent.toString().trim())),
                separators instanceof List<?> pair
                        ? Optional.of(pair.stream().map(String::valueOf).toList())
                        : Optional.empty(),
                sortKeys != null && Boolean.parseBoolean(sortKeys.toString()));
        return json.write(value);
    }
}
