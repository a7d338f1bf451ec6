package org.commonplace.orchestrator.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean" for misspelt field and process names: a candidate within two edits, or one that
 * differs only in case, '_' or '-' ({@code dependsOn}, {@code Depends-On} for {@code depends_on}).
 * Fewer edits than the shorter name has letters, though: two edits make any two-letter name of any
 * one-letter one, and "unknown dependency 'db' (did you mean 'x'?)" helps no one.
 */
public final class Suggestions {
    private static final int MAX_DISTANCE = 2;

    private Suggestions() {
    }

    /** {@return the closest candidate (fewest edits, then smallest name), if any is close enough} */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        String plain = normalized(word);
        return candidates.stream()
                .filter(c -> !c.equals(word))
                .filter(c -> normalized(c).equals(plain) || close(word, c))
                .min(Comparator.<String>comparingInt(c -> normalized(c).equals(plain) ? 0 : 1)
                        .thenComparingInt(c -> distance(word, c))
                        .thenComparing(Comparator.naturalOrder()));
    }

    private static boolean close(String word, String candidate) {
        int edits = distance(word, candidate);
        return edits <= MAX_DISTANCE && edits < Math.min(word.length(), candidate.length());
    }

    private static String normalized(String word) {
        return word.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    /** Levenshtein distance, with two rows. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
