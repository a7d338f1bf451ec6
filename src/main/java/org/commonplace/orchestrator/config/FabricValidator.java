package org.commonplace.orchestrator.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import org.commonplace.orchestrator.model.Names;

/**
 * Checks the MQTT fabric fields: the instance and the prefix become topics (no wildcards, nothing a
 * topic cannot hold), the password file must be a file. The default instance comes from the host
 * name, read from the kernel (no DNS lookup: a slow resolver must not slow {@code check}).
 */
final class FabricValidator {
    private static final Path HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    private final Problems problems;
    private final FieldReader read;
    private final Path baseDir;

    FabricValidator(Problems problems, Path baseDir) {
        this.problems = problems;
        this.read = new FieldReader(problems);
        this.baseDir = baseDir;
    }

    FabricSettings validate(ObjectNode top, Path file) {
        String instance = read.string("instance", top.get("instance")).filter(this::instanceOk)
                .orElseGet(() -> FabricSettings.defaultInstance(hostname(), file));
        String prefix = read.string("state_topic_prefix", top.get("state_topic_prefix")).filter(this::prefixOk)
                .map(TopicPrefix::normalized).orElse(TopicPrefix.DEFAULT);
        boolean publish = read.bool("publish_state", top.get("publish_state")).orElse(true);
        boolean commands = read.bool("mqtt_commands", top.get("mqtt_commands")).orElse(false);
        Optional<String> username = read.string("mqtt_username", top.get("mqtt_username")).filter(this::usernameOk);
        Optional<Path> passwordFile = read.string("mqtt_password_file", top.get("mqtt_password_file"))
                .flatMap(this::passwordFile);
        if (passwordFile.isPresent() && username.isEmpty() && !top.has("mqtt_username")) {
            problems.error("mqtt_password_file", "a password needs a user name: set \"mqtt_username\" too");
        }
        return new FabricSettings(instance, prefix, publish, commands, username, passwordFile);
    }

    private boolean instanceOk(String instance) {
        if (Names.validInstance(instance)) {
            return true;
        }
        problems.error("instance", "\"" + instance + "\" is not a valid instance: use 1 to 64 letters, digits, '.', '_'"
                + " or '-', not starting with '.' or '-' (it becomes an MQTT topic level and the INSTANCE of"
                + " INSTANCE/NAME dependencies)");
        return false;
    }

    private boolean prefixOk(String prefix) {
        Optional<String> why = TopicPrefix.problem(prefix);
        why.ifPresent(problem -> problems.error("state_topic_prefix", "\"" + prefix + "\" is not a usable topic prefix: "
                + problem + " (default " + TopicPrefix.DEFAULT + ")"));
        return why.isEmpty();
    }

    private boolean usernameOk(String username) {
        if (username.isEmpty() || username.length() > 256 || username.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            problems.error("mqtt_username", "expected 1 to 256 printable characters");
            return false;
        }
        return true;
    }

    private Optional<Path> passwordFile(String text) {
        Path path = baseDir.resolve(text).normalize();
        try {
            if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(path)) {
                problems.error("mqtt_password_file", "\"" + text + "\" is not a file (looked at " + path + ")");
                return Optional.empty();
            }
            if (Files.size(path) > 4096) {
                problems.error("mqtt_password_file", "\"" + text + "\" is larger than 4 KiB; it should hold one line, the password");
                return Optional.empty();
            }
        } catch (IOException e) {
            problems.error("mqtt_password_file", "cannot read \"" + text + "\": " + e.getMessage());
            return Optional.empty();
        }
        return Optional.of(path);
    }

    static String hostname() {
        try {
            return Files.readString(HOSTNAME).strip();
        } catch (IOException | RuntimeException e) {
            return "localhost";
        }
    }
}
