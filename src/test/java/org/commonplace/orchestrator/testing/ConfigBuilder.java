package org.commonplace.orchestrator.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a config file for a test, process by process. */
public final class ConfigBuilder {
    private final Map<String, Object> root = new LinkedHashMap<>();
    private final Map<String, Object> processes = new LinkedHashMap<>();

    public ConfigBuilder() {
        root.put("processes", processes);
    }

    /** Sets a top-level field, e.g. mqtt_broker. */
    public ConfigBuilder top(String key, Object value) {
        root.put(key, value);
        return this;
    }

    /** Adds a process running a fixture main with the test JVM's java; returns its map for more fields. */
    public Map<String, Object> fixture(String name, Class<?> main, String... args) {
        return process(name, Java.binary(), Java.fixtureArgs(main, args));
    }

    /** Adds a process with any command; returns its map for more fields. */
    public Map<String, Object> process(String name, String command, List<String> args) {
        var p = new LinkedHashMap<String, Object>();
        p.put("command", command);
        p.put("args", args);
        processes.put(name, p);
        return p;
    }

    /** Adds a `sh -c SCRIPT` process. */
    public Map<String, Object> shell(String name, String script) {
        return process(name, "/bin/sh", List.of("-c", script));
    }

    public static Map<String, Object> restart(String policy, long backoffMs, long maxBackoffMs) {
        var r = new LinkedHashMap<String, Object>();
        r.put("policy", policy);
        r.put("backoff_ms", backoffMs);
        r.put("max_backoff_ms", maxBackoffMs);
        return r;
    }

    /** Writes the config as {@code dir/name} and returns its path. */
    public Path writeTo(Path dir, String name) {
        try {
            Path file = dir.resolve(name);
            Files.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path writeTo(Path dir) {
        return writeTo(dir, "test.json");
    }
}
