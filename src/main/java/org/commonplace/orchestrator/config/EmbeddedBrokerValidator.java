package org.commonplace.orchestrator.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code embedded_broker} when it is an object: its files must exist, relative to the config;
 * its {@code persistence} folder is only resolved here (whether it can be trusted is checked when a
 * run starts, as for {@code log_dir}: it may not exist yet).
 */
final class EmbeddedBrokerValidator {
    static final List<String> FIELDS = List.of("password_file", "acl_file", "persistence");

    private final Problems problems;
    private final FieldReader read;
    private final Path baseDir;

    EmbeddedBrokerValidator(Problems problems, FieldReader read, Path baseDir) {
        this.problems = problems;
        this.read = read;
        this.baseDir = baseDir;
    }

    EmbeddedBrokerSettings validate(JsonNode node) {
        if (!(node instanceof ObjectNode object)) {
            return EmbeddedBrokerSettings.OPEN;
        }
        read.unknownFields("embedded_broker", object, FIELDS);
        Optional<Path> passwords = file("embedded_broker.password_file", object.get("password_file"));
        Optional<Path> acl = file("embedded_broker.acl_file", object.get("acl_file"));
        Optional<Path> persistence = read.string("embedded_broker.persistence", object.get("persistence"))
                .filter(text -> {
                    if (text.isBlank()) {
                        problems.error("embedded_broker.persistence", "expected a folder, got an empty string");
                    }
                    return !text.isBlank();
                })
                .map(text -> baseDir.resolve(text).normalize());
        return new EmbeddedBrokerSettings(passwords, acl, persistence);
    }

    private Optional<Path> file(String path, JsonNode node) {
        return read.string(path, node).flatMap(text -> {
            Path file = baseDir.resolve(text).normalize();
            if (!Files.isRegularFile(file)) {
                problems.error(path, "\"" + text + "\" is not a file (looked at " + file + ")");
                return Optional.empty();
            }
            return Optional.of(file);
        });
    }
}
