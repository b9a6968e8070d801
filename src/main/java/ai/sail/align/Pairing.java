package ai.sail.align;

import ai.sail.config.Choice;

/** How iterative DPO makes a pair from the K responses sampled for one prompt. */
public enum Pairing implements Choice {
    /** The highest-scored response against the lowest. */
    BEST_WORST,
    /** Two distinct responses drawn at random, oriented by their scores. */
    RANDOM
}
