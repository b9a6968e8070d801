package ai.sail.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed and fully checked JSON header of one safetensors file: its free-form string metadata and
 * its tensor entries in data-offset order. Every rule of the format is checked here, up front, so a
 * damaged or hostile file fails at open time with a message naming the file and the tensor, instead of
 * producing garbage weights or an index error deep inside model loading.
 */
record SafetensorsHeader(Map<String, String> metadata, List<SafetensorsEntry> entries) {

    /** The reference library refuses headers over 100 MB; so do we (a real header is kilobytes). */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    static final String METADATA_KEY = "__metadata__";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    SafetensorsHeader {
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        entries = List.copyOf(entries);
    }

    /**
     * Parses and validates the header bytes of {@code file}, whose data area starts at byte
     * {@code dataStart} and which is {@code fileSize} bytes long.
     */
    static SafetensorsHeader parse(Path file, byte[] json, long dataStart, long fileSize) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new SafetensorsFormatException(file, "header is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new SafetensorsFormatException(file, "header could not be parsed: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new SafetensorsFormatException(file, "header is empty; expected a JSON object");
        }
        if (!root.isObject()) {
            throw new SafetensorsFormatException(file, "header is JSON but not an object (found " + root.getNodeType() + ")");
        }
        long dataLength = fileSize - dataStart;
        Map<String, String> metadata = Map.of();
        List<SafetensorsEntry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals(METADATA_KEY)) {
                metadata = parseMetadata(file, field.getValue());
            } else {
                entries.add(parseEntry(file, field.getKey(), field.getValue(), dataStart, fileSize, dataLength));
            }
        }
        entries.sort(Comparator.comparingLong(SafetensorsEntry::begin)
                .thenComparingLong(SafetensorsEntry::end)
                .thenComparing(SafetensorsEntry::name));
        checkNoOverlap(file, entries);
        return new SafetensorsHeader(metadata, entries);
    }

    private static Map<String, String> parseMetadata(Path file, JsonNode node) {
        if (node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new SafetensorsFormatException(file, "'" + METADATA_KEY + "' must be an object of strings, found " + node.getNodeType());
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw new SafetensorsFormatException(file, "'" + METADATA_KEY + "' value of '" + e.getKey()
                        + "' must be a string, found " + e.getValue().getNodeType());
            }
            metadata.put(e.getKey(), e.getValue().textValue());
        }
        return metadata;
    }

    private static SafetensorsEntry parseEntry(Path file, String name, JsonNode node, long dataStart, long fileSize, long dataLength) {
        if (!node.isObject()) {
            throw new SafetensorsFormatException(file, name, "entry must be an object with dtype, shape and data_offsets, found " + node.getNodeType());
        }
        SafetensorsDType dtype = parseDtype(file, name, required(file, name, node, "dtype"));
        long[] shape = parseShape(file, name, required(file, name, node, "shape"));
        long[] offsets = parseOffsets(file, name, required(file, name, node, "data_offsets"));
        long begin = offsets[0];
        long end = offsets[1];

        long elements;
        long needed;
        try {
            elements = SafetensorsEntry.elementCount(shape);
            needed = Math.multiplyExact(elements, dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new SafetensorsFormatException(file, name, "shape " + Arrays.toString(shape) + " is too large (its byte size overflows)");
        }
        if (end - begin != needed) {
            throw new SafetensorsFormatException(file, name, "data_offsets [" + begin + ", " + end + "] span " + (end - begin)
                    + " bytes but shape " + Arrays.toString(shape) + " of " + dtype + " needs " + needed
                    + " (" + elements + " elements x " + dtype.byteSize() + " bytes)");
        }
        if (end > dataLength) {
            throw new SafetensorsFormatException(file, name, "data_offsets [" + begin + ", " + end
                    + "] reach past the end of the data area, which holds only " + dataLength + " bytes: the file is truncated"
                    + " (it needs at least " + (dataStart + end) + " bytes but has " + fileSize + ")");
        }
        return new SafetensorsEntry(name, dtype, shape, begin, end);
    }

    private static JsonNode required(Path file, String name, JsonNode entry, String key) {
        JsonNode value = entry.get(key);
        if (value == null) {
            throw new SafetensorsFormatException(file, name, "entry has no '" + key + "' (needs dtype, shape and data_offsets)");
        }
        return value;
    }

    private static SafetensorsDType parseDtype(Path file, String name, JsonNode node) {
        if (!node.isTextual()) {
            throw new SafetensorsFormatException(file, name, "'dtype' must be a string, found " + node.getNodeType());
        }
        try {
            return SafetensorsDType.fromName(node.textValue());
        } catch (IllegalArgumentException e) {
            throw new SafetensorsFormatException(file, name, e.getMessage());
        }
    }

    private static long[] parseShape(Path file, String name, JsonNode node) {
        if (!node.isArray()) {
            throw new SafetensorsFormatException(file, name, "'shape' must be an array of integers, found " + node.getNodeType());
        }
        long[] shape = new long[node.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = node.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToLong()) {
                throw new SafetensorsFormatException(file, name, "'shape' " + node + " holds " + d + ", not an integer dimension");
            }
            shape[i] = d.longValue();
            if (shape[i] < 0) {
                throw new SafetensorsFormatException(file, name, "'shape' " + node + " has a negative dimension " + shape[i]);
            }
        }
        return shape;
    }

    private static long[] parseOffsets(Path file, String name, JsonNode node) {
        if (!node.isArray() || node.size() != 2) {
            throw new SafetensorsFormatException(file, name, "'data_offsets' must be [begin, end], found " + node);
        }
        long[] offsets = new long[2];
        for (int i = 0; i < 2; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
                throw new SafetensorsFormatException(file, name, "'data_offsets' " + node + " must hold two non-negative integers");
            }
            offsets[i] = v.longValue();
        }
        if (offsets[0] > offsets[1]) {
            throw new SafetensorsFormatException(file, name, "'data_offsets' " + node + " has begin after end");
        }
        return offsets;
    }

    /** Entries sorted by begin: each must start at or after the furthest end seen so far. */
    private static void checkNoOverlap(Path file, List<SafetensorsEntry> sorted) {
        SafetensorsEntry furthest = null;
        for (SafetensorsEntry e : sorted) {
            if (furthest != null && e.begin() < furthest.end()) {
                throw new SafetensorsFormatException(file, e.name(), "bytes [" + e.begin() + ", " + e.end()
                        + ") overlap tensor '" + furthest.name() + "' at [" + furthest.begin() + ", " + furthest.end() + ")");
            }
            if (furthest == null || e.end() > furthest.end()) {
                furthest = e;
            }
        }
    }
}
