package ai.sail.text;

import java.util.Optional;

/**
 * What a SentencePiece vocabulary's configuration says beyond the pieces: the special ids (-1 where
 * the vocabulary has none), whether encoding adds BOS/EOS, whether it prepends the dummy-prefix
 * space, and the chat template shipped alongside.
 */
record SpmSettings(
        int bos,
        int eos,
        int unk,
        int pad,
        int sep,
        int eot,
        int eom,
        boolean addBos,
        boolean addEos,
        boolean addSpacePrefix,
        Optional<String> chatTemplate) {}
