package org.commonplace.orchestrator.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Who holds an instance name on the broker: one run of one orchestrator (a session id made at
 * start), where it runs and since when. Published retained on {@link Topics#claim()} before
 * anything else of the instance, so that a second orchestrator with the same name can tell that
 * the name is taken and by whom ({@link ClaimCheck}).
 *
 * <p>Another orchestrator's claim is read from the broker: anyone who may publish there can write
 * it, so it is parsed strictly and bounded, and a field holding a control character is refused (it
 * is printed in the refusal line).
 *
 * @param session a random id, new at each start of an orchestrator
 * @param host    the host name of the machine it runs on
 * @param pid     its process id there
 * @param config  the absolute path of its config file
 * @param since   when it started
 */
record Claim(String session, String host, long pid, String config, Instant since) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A claim is a few hundred bytes; anything much longer is not one of ours. */
    static final int MAX_BYTES = 4096;
    private static final int MAX_FIELD_CHARS = 1024;

    byte[] json() {
        var node = JSON.createObjectNode().put("session", session).put("host", host).put("pid", pid)
                .put("config", config).put("since", since.toString());
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("a claim did not serialize", e);
        }
    }

    /** {@return the claim {@code payload} holds; empty when it is not one (malformed, oversized, or cleared)} */
    static Optional<Claim> parse(byte[] payload) {
        if (payload.length == 0 || payload.length > MAX_BYTES) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(payload);
            if (node == null || !node.isObject() || !node.path("pid").canConvertToLong()) {
                return Optional.empty();
            }
            Optional<String> session = text(node, "session");
            Optional<String> host = text(node, "host");
            Optional<String> config = text(node, "config");
            Optional<String> since = text(node, "since");
            if (session.isEmpty() || host.isEmpty() || config.isEmpty() || since.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Claim(session.get(), host.get(), node.path("pid").asLong(), config.get(),
                    Instant.parse(since.get())));
        } catch (IOException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            return Optional.empty();
        }
        String text = value.asText();
        boolean printable = text.chars().noneMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f));
        return printable && !text.isEmpty() && text.length() <= MAX_FIELD_CHARS ? Optional.of(text) : Optional.empty();
    }

    /** {@return where it runs and since when, for a line: "host vm, pid 4242, config /srv/a/commonplace.json, since 2026-…Z"} */
    String where() {
        return "host " + host + ", pid " + pid + ", config " + config + ", since " + since.truncatedTo(ChronoUnit.SECONDS);
    }
}
