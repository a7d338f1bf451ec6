package org.commonplace.orchestrator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * A config that uses every key of docs/config.md, with values that need quoting (spaces, quotes, %,
 * $, a lone ;), for the exports; and a folder of fake commonplace programs to put on PATH.
 */
public final class EveryKeyConfig {
    private EveryKeyConfig() {
    }

    /** Writes fake {@code commonplace-store} and {@code commonplace-http} into {@code dir/bin}; {@return that folder} */
    public static Path fakePrograms(Path dir) {
        try {
            Path bin = Files.createDirectories(dir.resolve("bin"));
            for (String name : List.of("commonplace-store", "commonplace-http")) {
                Path program = bin.resolve(name);
                Files.writeString(program, "#!/bin/sh\nexec sleep 300\n");
                Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            return bin;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the config as {@code dir/every-key.json}; {@return its path} */
    public static Path writeTo(Path dir) {
        try {
            Files.createDirectories(dir.resolve("work dir"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var config = new ConfigBuilder();
        config.top("mqtt_broker", "127.0.0.1:1884");
        config.top("broker_process", "mosquitto");
        config.process("mosquitto", "/bin/sleep", List.of("300"))
                .put("ready", Map.of("mqtt", "127.0.0.1:1884", "interval_ms", 100, "timeout_ms", 10000));
        var migrate = config.process("migrate", "/bin/sh", List.of("-c", "echo \"it's 100% $HOME\" ; exit 3"));
        migrate.put("ready", Map.of("exit", 3));
        migrate.put("restart", ConfigBuilder.restart("on_failure", 1000, 1000));
        migrate.put("env", Map.of("GREETING", "hello world", "PERCENT", "50%", "QUOTED", "say \"hi\" \\ $HOME"));
        var store = config.process("store", "commonplace-store", List.of("--path", "with space", ";", "'single'"));
        store.put("depends_on", List.of("migrate"));
        store.put("restart", ConfigBuilder.restart("always", 250, 4000));
        store.put("cwd", "work dir");
        store.put("stop_signal", "INT");
        store.put("stop_timeout_ms", 12000);
        store.put("mqtt_broker_arg", true);
        store.put("ready", Map.of("tcp", "127.0.0.1:7000", "interval_ms", 100, "timeout_ms", 5000));
        var http = config.process("http", "commonplace-http", List.of("--port", "3000"));
        http.put("depends_on", List.of("store"));
        http.put("mqtt_broker_arg", false);
        http.put("restart", ConfigBuilder.restart("never", 500, 500));
        http.put("stop_signal", "QUIT");
        http.put("ready", Map.of("http", "http://127.0.0.1:3000/health"));
        var worker = config.process("worker", "/bin/sleep", List.of("300"));
        worker.put("depends_on", List.of("store"));
        worker.put("stop_signal", "KILL");
        worker.put("ready", Map.of("exec", List.of("/bin/test", "-e", "/tmp")));
        var tail = config.process("tail", "/bin/sleep", List.of("300"));
        tail.put("stop_signal", "USR1");
        tail.put("stop_timeout_ms", 0);
        tail.put("ready", Map.of("log", "^ready"));
        return config.writeTo(dir, "every-key.json");
    }
}
