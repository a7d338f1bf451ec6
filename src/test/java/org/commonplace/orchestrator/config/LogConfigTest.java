package org.commonplace.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** log_dir, timestamps and each process's log: defaults, paths relative to the config, errors. */
final class LogConfigTest {
    @TempDir
    Path dir;

    private LoadResult load(String json) throws IOException {
        return new ConfigLoader(false).load(Files.writeString(dir.resolve("commonplace.json"), json));
    }

    private List<String> problems(String json) throws IOException {
        return load(json).problems().stream().map(p -> p.format().replace(dir + "/", "")).toList();
    }

    @Test
    void withoutLogSettingsNothingIsWrittenToFilesAndNoTimestamps() throws IOException {
        LogSettings logs = load("{\"processes\": {\"a\": {\"command\": \"x\"}}}").config().orElseThrow().logs();
        assertThat(logs.fileOf("a")).isEmpty();
        assertThat(logs.orchestratorFile()).isEmpty();
        assertThat(logs.timestamps()).isFalse();
    }

    @Test
    void logDirIsRelativeToTheConfigAndGivesEveryProcessAFileWithDefaults() throws IOException {
        LogSettings logs = load("""
                {"log_dir": "logs", "timestamps": true, "processes": {
                  "a": {"command": "x"},
                  "b": {"command": "x", "log": {"file": "elsewhere/b.txt", "max_size_mb": 1, "max_files": 3}}}}
                """).config().orElseThrow().logs();
        assertThat(logs.timestamps()).isTrue();
        assertThat(logs.fileOf("a")).contains(new LogSettings.FileSpec(dir.resolve("logs/a.log"), 10, 5));
        assertThat(logs.fileOf("b")).contains(new LogSettings.FileSpec(dir.resolve("elsewhere/b.txt"), 1, 3));
        assertThat(logs.orchestratorFile().orElseThrow().path()).isEqualTo(dir.resolve("logs/orchestrator.log"));
    }

    @Test
    void aLogObjectWithoutLogDirWritesNextToTheConfig() throws IOException {
        LogSettings logs = load("{\"processes\": {\"a\": {\"command\": \"x\", \"log\": {}}, \"b\": {\"command\": \"x\"}}}")
                .config().orElseThrow().logs();
        assertThat(logs.fileOf("a").orElseThrow().path()).isEqualTo(dir.resolve("a.log"));
        assertThat(logs.fileOf("b")).isEmpty();
    }

    @Test
    void wrongTypesAndRangesAreErrorsAndUnknownFieldsWarnings() throws IOException {
        assertThat(problems("""
                {"log_dir": 3, "timestamps": "yes", "processes": {
                  "a": {"command": "x", "log": {"max_size_mb": -1, "max_files": 0, "rotate": true}},
                  "b": {"command": "x", "log": "b.log"}}}
                """)).containsExactly(
                "commonplace.json:1:13: error: log_dir: expected a string, got number 3 (write it in quotes: \"3\")",
                "commonplace.json:1:30: error: timestamps: expected true or false, got string \"yes\"",
                "commonplace.json:2:48: error: processes.a.log.max_size_mb: expected a whole number 0..1048576, got number -1",
                "commonplace.json:2:65: error: processes.a.log.max_files: expected a whole number 1..1000, got number 0",
                "commonplace.json:2:68: warning: processes.a.log.rotate: unknown field 'rotate' in processes.a.log; known fields: file, max_size_mb, max_files, max_age_days, compress",
                "commonplace.json:3:32: error: processes.b.log: expected an object {\"file\": ..., \"max_size_mb\": ..., \"max_files\": ...}, got string \"b.log\"");
    }
}
