package ai.sail.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A checkpoint split over several safetensors files and tied together by
 * {@code model.safetensors.index.json}, whose {@code weight_map} names the shard holding each tensor.
 *
 * <p>All shards are opened (headers only) when the index is opened, so a missing shard, or a tensor
 * the index places in a shard that lacks it, fails at once and by name, not halfway through loading.
 * Shard names must be plain file names beside the index: an index cannot point outside its folder.
 */
public final class ShardedSafetensors implements TensorSource {

    /** The index file name Hugging Face uses. */
    public static final String INDEX_FILE_NAME = "model.safetensors.index.json";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path indexFile;
    private final Map<String, SafetensorsFile> shardOf;
    private final List<SafetensorsFile> shards;
    private final List<String> names;

    private ShardedSafetensors(Path indexFile, List<SafetensorsFile> shards, Map<String, SafetensorsFile> shardOf, List<String> names) {
        this.indexFile = indexFile;
        this.shards = List.copyOf(shards);
        this.shardOf = Collections.unmodifiableMap(shardOf);
        this.names = List.copyOf(names);
    }

    /**
     * Opens the checkpoint an index file describes. Throws {@link SafetensorsFormatException} naming
     * the index (and tensor or shard) if the index is malformed, a shard is missing or a tensor is not
     * where the index says; {@link IOException} if a file cannot be read.
     */
    public static ShardedSafetensors open(Path indexFile) throws IOException {
        Map<String, String> weightMap = readWeightMap(indexFile);
        Path folder = indexFile.toAbsolutePath().getParent();

        // Shard file name -> the tensors the index places there; shards in file-name order.
        Map<String, List<String>> byShard = new TreeMap<>();
        for (Map.Entry<String, String> e : weightMap.entrySet()) {
            byShard.computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(e.getKey());
        }

        // Every shard must exist before any is opened: a missing download is the commonest failure.
        for (Map.Entry<String, List<String>> e : byShard.entrySet()) {
            if (!Files.isRegularFile(folder.resolve(e.getKey()))) {
                throw new SafetensorsFormatException(indexFile, "shard '" + e.getKey() + "' (listed for " + e.getValue().size()
                        + " tensors, e.g. '" + e.getValue().get(0) + "') does not exist in " + folder);
            }
        }

        List<SafetensorsFile> opened = new ArrayList<>();
        try {
            Map<String, SafetensorsFile> shardOf = new LinkedHashMap<>();
            List<String> names = new ArrayList<>();
            for (Map.Entry<String, List<String>> e : byShard.entrySet()) {
                String shardName = e.getKey();
                SafetensorsFile shard = SafetensorsFile.open(folder.resolve(shardName));
                opened.add(shard);
                for (String name : e.getValue()) {
                    if (!shard.contains(name)) {
                        throw new SafetensorsFormatException(indexFile, name, "the index places it in shard '" + shardName
                                + "' but that shard has no such tensor");
                    }
                    shardOf.put(name, shard);
                }
                // Within a shard, keep the shard's own (data-offset) order.
                for (String name : shard.names()) {
                    if (shardOf.get(name) == shard) {
                        names.add(name);
                    }
                }
            }
            return new ShardedSafetensors(indexFile, opened, shardOf, names);
        } catch (IOException | RuntimeException e) {
            for (SafetensorsFile s : opened) {
                try {
                    s.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private static Map<String, String> readWeightMap(Path indexFile) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(indexFile));
        } catch (JacksonException e) {
            throw new SafetensorsFormatException(indexFile, "index is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new SafetensorsFormatException(indexFile, "index is not a JSON object");
        }
        JsonNode weightMap = root.get("weight_map");
        if (weightMap == null || !weightMap.isObject()) {
            throw new SafetensorsFormatException(indexFile, "index has no 'weight_map' object");
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : weightMap.properties()) {
            JsonNode shard = e.getValue();
            if (!shard.isTextual()) {
                throw new SafetensorsFormatException(indexFile, e.getKey(), "weight_map value must be a shard file name, found " + shard);
            }
            if (!isPlainFileName(shard.textValue())) {
                throw new SafetensorsFormatException(indexFile, e.getKey(), "shard '" + shard.textValue()
                        + "' is not a plain file name beside the index");
            }
            result.put(e.getKey(), shard.textValue());
        }
        return result;
    }

    private static boolean isPlainFileName(String name) {
        return !name.isEmpty() && !name.equals(".") && !name.equals("..")
                && name.indexOf('/') < 0 && name.indexOf('\\') < 0 && name.indexOf(':') < 0 && name.indexOf('\0') < 0;
    }

    /** The index file this was opened from. */
    public Path indexFile() {
        return indexFile;
    }

    /** The shard files, in file-name order. */
    public List<Path> shardFiles() {
        return shards.stream().map(SafetensorsFile::path).toList();
    }

    /** The shard that holds a tensor; throws {@link IllegalArgumentException} if none does. */
    public SafetensorsFile shardOf(String name) {
        SafetensorsFile shard = shardOf.get(name);
        if (shard == null) {
            throw new IllegalArgumentException(indexFile + ": no tensor named '" + name + "' in the weight_map ("
                    + shardOf.size() + " tensors)");
        }
        return shard;
    }

    /** Every tensor, shard by shard (shards in file-name order), each shard in data-offset order. */
    @Override
    public List<String> names() {
        return names;
    }

    @Override
    public boolean contains(String name) {
        return shardOf.containsKey(name);
    }

    @Override
    public long[] shape(String name) {
        return shardOf(name).shape(name);
    }

    @Override
    public String dtypeName(String name) {
        return shardOf(name).dtypeName(name);
    }

    @Override
    public float[] readFloats(String name) {
        return shardOf(name).readFloats(name);
    }

    /** The tensor's stored bytes; see {@link SafetensorsFile#rawBytes}. */
    public ByteBuffer rawBytes(String name) {
        return shardOf(name).rawBytes(name);
    }

    /** Closes every shard (all of them, even if one fails). */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (SafetensorsFile s : shards) {
            try {
                s.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "ShardedSafetensors[" + indexFile + ", " + shards.size() + " shards, " + names.size() + " tensors]";
    }
}
