package ai.sail.align;

import ai.sail.config.Choice;
import ai.sail.tensor.DeviceSpec;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleDeserializers;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * How the typed values of a configuration are written in YAML and on the command line: every
 * {@link Choice} by its user-facing name, a device as {@code cpu} or {@code cuda:N}. A wrong name
 * fails with {@link Choice#parse}'s message, which names the key and the allowed values.
 */
final class ConfigValues {
    private ConfigValues() {}

    static SimpleModule module() {
        SimpleModule module = new SimpleModule("sail-config");
        module.addSerializer(Choice.class, new JsonSerializer<>() {
            @Override
            public void serialize(Choice value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(value.cliName());
            }
        });
        module.addSerializer(DeviceSpec.class, new JsonSerializer<>() {
            @Override
            public void serialize(DeviceSpec value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(value.toString());
            }
        });
        module.setDeserializers(new SimpleDeserializers() {
            @Override
            public JsonDeserializer<?> findEnumDeserializer(Class<?> type, DeserializationConfig config,
                    BeanDescription beanDesc) {
                return Choice.class.isAssignableFrom(type) ? choice(type) : null;
            }
        });
        module.addDeserializer(DeviceSpec.class, new JsonDeserializer<>() {
            @Override
            public DeviceSpec deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                try {
                    return DeviceSpec.parse(p.getValueAsString());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(p.currentName() + ": " + e.getMessage(), e);
                }
            }
        });
        return module;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static JsonDeserializer<?> choice(Class<?> type) {
        return new JsonDeserializer<Object>() {
            @Override
            public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return Choice.parse((Class) type, p.getValueAsString(), p.currentName());
            }
        };
    }
}
