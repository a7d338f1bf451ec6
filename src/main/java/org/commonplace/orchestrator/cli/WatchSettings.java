package org.commonplace.orchestrator.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.commonplace.orchestrator.config.BrokerAddress;
import org.commonplace.orchestrator.config.TopicPrefix;
import org.commonplace.orchestrator.fleet.Watch;
import org.commonplace.orchestrator.output.ControlChars;

/**
 * Where {@code watch} looks: the broker and the topic prefix, each from its flag, else from the
 * config, else the default. Only {@code mqtt_broker} and {@code state_topic_prefix} are read from
 * the config, not the whole of it validated: a watch often runs on a machine where the config's
 * programs do not exist, and those two fields are all it needs.
 */
final class WatchSettings {
    static final String DEFAULT_PREFIX = TopicPrefix.DEFAULT;
    /** As config.Limits: no real config comes near 1 MiB. */
    private static final int MAX_CONFIG_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private WatchSettings() {
    }

    /**
     * {@return the watch the flags and the config describe}
     *
     * @param config the config given with {@code --config}, or null to read {@code commonplace.json} when it exists
     * @throws UsageException naming the flag, or the file and field, and the value that is wrong
     */
    static Watch resolve(String brokerFlag, String prefixFlag, Path config) {
        Path file = config != null ? config : Path.of("commonplace.json");
        boolean needed = config != null || brokerFlag == null || prefixFlag == null;
        JsonNode top = needed && (config != null || Files.isRegularFile(file)) ? read(file) : JSON.createObjectNode();
        BrokerAddress broker;
        if (brokerFlag != null) {
            broker = address(brokerFlag, "--mqtt-broker '" + ControlChars.escape(brokerFlag) + "'");
        } else {
            Optional<String> configured = field(top, file, "mqtt_broker");
            broker = configured.isPresent()
                    ? address(configured.get(), file + ": mqtt_broker \"" + ControlChars.escape(configured.get()) + "\"")
                    : BrokerAddress.parse(BrokerAddress.DEFAULT);
        }
        String prefix;
        if (prefixFlag != null) {
            prefix = prefixFlag;
            TopicPrefix.problem(prefix).ifPresent(problem -> {
                throw new UsageException("--prefix '" + ControlChars.escape(prefixFlag) + "' is not a topic prefix: " + problem);
            });
        } else {
            prefix = field(top, file, "state_topic_prefix").orElse(DEFAULT_PREFIX);
            TopicPrefix.problem(prefix).ifPresent(problem -> {
                throw new UsageException(file + ": state_topic_prefix \"" + ControlChars.escape(prefix)
                        + "\" is not a topic prefix: " + problem);
            });
        }
        return new Watch(broker, TopicPrefix.normalized(prefix));
    }

    private static BrokerAddress address(String text, String what) {
        try {
            return BrokerAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(what + " is not a broker address: " + e.getMessage());
        }
    }

    private static Optional<String> field(JsonNode top, Path file, String name) {
        JsonNode value = top.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new UsageException(file + ": " + name + " must be a string, not " + ControlChars.escape(
                    value.toString().length() > 60 ? value.toString().substring(0, 60) + "..." : value.toString()));
        }
        return Optional.of(value.asText());
    }

    private static JsonNode read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_CONFIG_BYTES + 1);
            if (bytes.length > MAX_CONFIG_BYTES) {
                throw new UsageException(file + ": larger than " + MAX_CONFIG_BYTES + " bytes; not a config");
            }
            JsonNode top = JSON.readTree(bytes);
            if (top == null || !top.isObject()) {
                throw new UsageException(file + ": not a JSON object");
            }
            return top;
        } catch (JacksonException e) {
            throw new UsageException(file + ": not valid JSON: " + ControlChars.escape(e.getOriginalMessage()));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UsageException("there is no config " + file);
        } catch (IOException e) {
            throw new UsageException("cannot read the config " + file + ": " + ControlChars.escape(String.valueOf(e.getMessage())));
        }
    }
}
