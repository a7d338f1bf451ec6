package org.commonplace.orchestrator.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@code "ready": {"mqtt_message": {"topic": "T", "payload": "REGEX"}}} ({@link
 * ReadyCheck.MqttMessage}): a topic filter as MQTT allows them ({@code +} a whole level, {@code #} the
 * whole last level) and an optional regular expression.
 */
final class MessageCheckValidator {
    static final List<String> FIELDS = List.of("topic", "payload");

    private final Problems problems;
    private final FieldReader read;

    MessageCheckValidator(Problems problems) {
        this.problems = problems;
        this.read = new FieldReader(problems);
    }

    Optional<ReadyCheck> check(String path, JsonNode node) {
        Optional<ObjectNode> found = read.object(path, node, "an object {\"topic\": \"a/b/#\", \"payload\": \"regex\"}");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode check = found.get();
        read.unknownFields(path, check, FIELDS);
        if (!check.has("topic")) {
            problems.error(path, "needs \"topic\", the topic filter the message comes on (+ and # allowed)");
        }
        Optional<String> topic = check.has("topic") ? read.string(path + ".topic", check.get("topic")).flatMap(t -> topic(path + ".topic", t))
                : Optional.empty();
        Optional<Pattern> payload = Optional.empty();
        boolean ok = true;
        if (check.has("payload")) {
            Optional<String> text = read.string(path + ".payload", check.get("payload"));
            ok = text.isPresent();
            if (text.isPresent()) {
                try {
                    payload = Optional.of(Pattern.compile(text.get()));
                } catch (PatternSyntaxException e) {
                    String at = e.getIndex() >= 0 ? " at index " + e.getIndex() : "";
                    problems.error(path + ".payload", "\"" + text.get() + "\" is not a valid regular expression: "
                            + e.getDescription() + at);
                    ok = false;
                }
            }
        }
        Optional<Pattern> regex = payload;
        return ok ? topic.map(t -> new ReadyCheck.MqttMessage(t, regex)) : Optional.empty();
    }

    /** {@return the filter when MQTT allows it as a subscription} */
    private Optional<String> topic(String path, String text) {
        String why = null;
        if (text.isEmpty()) {
            why = "must not be empty";
        } else if (text.length() > ReadyCheck.MqttMessage.MAX_TOPIC_CHARS) {
            why = "is " + text.length() + " characters long; at most " + ReadyCheck.MqttMessage.MAX_TOPIC_CHARS;
        } else if (text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            why = "must not hold control characters";
        } else {
            String[] levels = text.split("/", -1);
            for (int i = 0; i < levels.length && why == null; i++) {
                String level = levels[i];
                if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                    why = "has a '#' that is not the whole last level (\"a/b/#\")";
                } else if (level.contains("+") && !level.equals("+")) {
                    why = "has a '+' that is not a whole level (\"a/+/c\")";
                }
            }
        }
        if (why != null) {
            problems.error(path, "\"" + text + "\" " + why);
            return Optional.empty();
        }
        return Optional.of(text);
    }
}
