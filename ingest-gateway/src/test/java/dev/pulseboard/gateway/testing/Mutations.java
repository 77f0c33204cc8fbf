package dev.pulseboard.gateway.testing;

import java.util.Random;

/**
 * Random edits of valid input for property tests: the inputs a parser meets from a broken or hostile client are
 * mostly near-valid, which pure random bytes rarely are. Deterministic for a given {@link Random}.
 */
public final class Mutations {
    private static final String INTERESTING = ":|@#,.=\n\r\t\\\"{}[]-+eE0123456789 \u0000\u00ff\u20ac\ud83d\ude00";

    private Mutations() {}

    /** Applies 1 to 4 random insertions, deletions, replacements or duplications of a slice. */
    public static String mutate(String valid, Random random) {
        StringBuilder s = new StringBuilder(valid);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = s.isEmpty() ? 0 : random.nextInt(s.length());
            switch (random.nextInt(4)) {
                case 0 -> s.insert(at, INTERESTING.charAt(random.nextInt(INTERESTING.length())));
                case 1 -> {
                    if (!s.isEmpty()) {
                        s.deleteCharAt(at);
                    }
                }
                case 2 -> {
                    if (!s.isEmpty()) {
                        s.setCharAt(at, INTERESTING.charAt(random.nextInt(INTERESTING.length())));
                    }
                }
                default -> {
                    int end = Math.min(s.length(), at + 1 + random.nextInt(8));
                    s.insert(at, s.substring(at, end));
                }
            }
        }
        return s.toString();
    }

    /** Flips, inserts or deletes 1 to 4 bytes. */
    public static byte[] mutate(byte[] valid, Random random) {
        byte[] b = valid.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(3)) {
                case 0 -> b[at] = (byte) random.nextInt(256);
                case 1 -> b = java.util.Arrays.copyOf(b, at); // truncate
                default -> b[at] ^= (byte) (1 << random.nextInt(8));
            }
        }
        return b;
    }
}
