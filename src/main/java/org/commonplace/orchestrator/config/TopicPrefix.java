package org.commonplace.orchestrator.config;

import java.util.Optional;

/**
 * The one rule for the topic prefix ({@code state_topic_prefix}, {@code watch --prefix}), used by
 * config validation, {@code watch} and the MQTT publisher alike, so that a prefix {@code check}
 * accepts is one the orchestrator publishes under and {@code watch} subscribes to, and no other.
 *
 * <p>One {@code /} at the end is dropped ({@code "fleet/"} is {@code fleet}). What is left must make
 * both a topic to publish on ({@code PREFIX/INSTANCE/...}) and a filter to subscribe to
 * ({@code PREFIX/#}): not empty; no empty level (a {@code /} at the start, {@code //}, or a second
 * {@code /} at the end); no wildcard {@code +} or {@code #}, which MQTT forbids in a topic; not
 * starting with {@code $}, the broker's own topics ({@code $SYS}), which it does not let clients
 * publish on; no control character (C0, DEL or C1) and no lone UTF-16 surrogate, which MQTT's UTF-8
 * strings may not hold; at most {@value #MAX_CHARS} characters.
 */
public final class TopicPrefix {
    public static final String DEFAULT = "commonplace/orchestrator";
    public static final int MAX_CHARS = 200;

    private TopicPrefix() {
    }

    /** {@return {@code raw} as it is used in topics: without one trailing {@code /}} */
    public static String normalized(String raw) {
        return raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
    }

    /** {@return why {@code raw} is not a usable topic prefix, in a few words; empty when it is one} */
    public static Optional<String> problem(String raw) {
        String prefix = normalized(raw);
        if (prefix.isEmpty()) {
            return Optional.of("it is empty");
        }
        if (prefix.length() > MAX_CHARS) {
            return Optional.of("it has " + prefix.length() + " characters; at most " + MAX_CHARS + " are allowed");
        }
        if (prefix.contains("+") || prefix.contains("#")) {
            return Optional.of("it holds a wildcard ('+' or '#'), which a topic to publish on cannot");
        }
        if (prefix.startsWith("$")) {
            return Optional.of("topics starting with '$' are the broker's own");
        }
        if (prefix.startsWith("/") || prefix.endsWith("/") || prefix.contains("//")) {
            return Optional.of("it has an empty level");
        }
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                return Optional.of("it holds a control character");
            }
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < prefix.length()
                    && Character.isLowSurrogate(prefix.charAt(++i)))) {
                return Optional.of("it holds a lone UTF-16 surrogate, which is not UTF-8");
            }
        }
        return Optional.empty();
    }

    /**
     * {@return {@code raw} normalized}
     *
     * @throws IllegalArgumentException when it is not a usable prefix: callers check with {@link #problem} first
     */
    public static String require(String raw) {
        problem(raw).ifPresent(why -> {
            throw new IllegalArgumentException("not a topic prefix: " + why);
        });
        return normalized(raw);
    }
}
