package ai.sail.text;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classic GPT-2 byte-level BPE written out from the paper's reference code, over {@code vocab.json}
 * and {@code merges.txt}: an independent check of what the Rust tokenizer does with {@code tokenizer.json}.
 * Bytes map to printable characters, a regex splits words, and the lowest-ranked adjacent pair is merged
 * until no ranked pair is left. Characters missing from the vocabulary are dropped, as the Rust library
 * does for a BPE model without an unknown token. Test code only: slow and without special tokens.
 */
final class ReferenceByteLevelBpe {
    private static final Pattern WORDS = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);

    private final Map<String, Integer> vocab;
    private final Map<String, Integer> ranks = new HashMap<>();
    private final char[] byteToChar = byteToUnicode();

    ReferenceByteLevelBpe(Path vocabJson, Path mergesTxt) throws IOException {
        vocab = new ObjectMapper().readValue(vocabJson.toFile(), new TypeReference<Map<String, Integer>>() {});
        List<String> lines = Files.readAllLines(mergesTxt, StandardCharsets.UTF_8);
        int rank = 0;
        for (String line : lines) {
            if (line.startsWith("#version") || line.isBlank()) {
                continue;
            }
            ranks.put(line, rank++);
        }
    }

    /** GPT-2's bytes_to_unicode: printable bytes stand for themselves, the rest map to 256 and up. */
    private static char[] byteToUnicode() {
        char[] map = new char[256];
        boolean[] printable = new boolean[256];
        for (int b = '!'; b <= '~'; b++) {
            printable[b] = true;
        }
        for (int b = 0xA1; b <= 0xAC; b++) {
            printable[b] = true;
        }
        for (int b = 0xAE; b <= 0xFF; b++) {
            printable[b] = true;
        }
        int next = 256;
        for (int b = 0; b < 256; b++) {
            map[b] = printable[b] ? (char) b : (char) next++;
        }
        return map;
    }

    List<Integer> encode(String text) {
        List<Integer> ids = new ArrayList<>();
        Matcher words = WORDS.matcher(text);
        while (words.find()) {
            StringBuilder mapped = new StringBuilder();
            for (byte b : words.group().getBytes(StandardCharsets.UTF_8)) {
                mapped.append(byteToChar[b & 0xFF]);
            }
            for (String piece : bpe(mapped.toString())) {
                ids.add(vocab.get(piece));
            }
        }
        return ids;
    }

    private List<String> bpe(String word) {
        List<String> symbols = new ArrayList<>();
        for (char c : word.toCharArray()) {
            if (vocab.containsKey(String.valueOf(c))) {
                symbols.add(String.valueOf(c));
            }
        }
        while (symbols.size() > 1) {
            int best = -1;
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < symbols.size(); i++) {
                Integer rank = ranks.get(symbols.get(i) + " " + symbols.get(i + 1));
                if (rank != null && rank < bestRank) {
                    bestRank = rank;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            String first = symbols.get(best);
            String second = symbols.get(best + 1);
            List<String> merged = new ArrayList<>();
            for (int i = 0; i < symbols.size(); i++) {
                if (i + 1 < symbols.size() && symbols.get(i).equals(first) && symbols.get(i + 1).equals(second)) {
                    merged.add(first + second);
                    i++;
                } else {
                    merged.add(symbols.get(i));
                }
            }
            symbols = merged;
        }
        return symbols;
    }
}
