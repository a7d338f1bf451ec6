package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.commonplace.orchestrator.testing.Attacker;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exports' attacks of SECURITY.md, acted out: a config value that would end a comment early and
 * add a YAML document or a unit line, and another user's folder given as {@code --output}.
 */
final class ExportAttackTest {
    /**
     * What the issue's attacker put after a line break ('|' here): a document of its own, a privileged
     * Pod, then a new document whose first line makes the rest of the note a comment again.
     */
    private static final String POD = "|---|apiVersion: v1|kind: Pod|metadata:|  name: evil|spec:|  containers:|  - name: evil"
            + "|    image: evil|    securityContext:|      privileged: true|---|#";

    @TempDir
    Path dir;

    /** Folders made in the shared temp folder (ours is 0700: the attacker could not enter it). */
    private final List<Path> shared = new ArrayList<>();

    @AfterEach
    void removeSharedFolders() {
        shared.forEach(p -> Attacker.asUs("rm -rf '" + p + "'"));
    }

    private Path sharedFolder(String mode) throws IOException {
        Path folder = Files.createTempDirectory("export-attack");
        shared.add(folder);
        Attacker.asUs("chmod " + mode + " " + folder);
        return folder;
    }

    /** {@return every document of the YAML stream as PyYAML's safe_load_all reads it (YAML 1.1: NEL, LS, PS break lines)} */
    private static List<JsonNode> readStrictly(String yaml) throws IOException, InterruptedException {
        Process python = new ProcessBuilder("/usr/bin/python3", "-c",
                "import sys, json, yaml; print(json.dumps(list(yaml.safe_load_all(sys.stdin.buffer.read().decode('utf-8')))))")
                .redirectErrorStream(true).start();
        python.getOutputStream().write(yaml.getBytes(StandardCharsets.UTF_8));
        python.getOutputStream().close();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor()).as(out).isZero();
        var documents = new ArrayList<JsonNode>();
        new ObjectMapper().readTree(out).forEach(d -> {
            if (!d.isNull()) {
                documents.add(d);
            }
        });
        return documents;
    }

    private static List<String> kinds(List<JsonNode> documents) {
        return documents.stream().map(d -> d.path("kind").asText() + "/" + d.path("metadata").path("name").asText()).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\r", "\u0085", "\u2028", "\u2029"})
    void aLineBreakInAReadyRegexOrACwdAddsNoDocumentToTheKubernetesExport(String lineBreak) throws Exception {
        String injected = POD.replace("|", lineBreak);
        Path cwd = Files.createDirectories(dir.resolve("work" + injected.replace("/", "_")));
        var config = new ConfigBuilder();
        var web = config.process("web", "/bin/sleep", List.of("300", "x" + injected));
        web.put("ready", Map.of("log", "x" + injected));
        web.put("cwd", cwd.toString());
        Path file = config.writeTo(dir);
        String yaml;
        try (var run = OrchestratorRun.start("export", "kubernetes", "--config", file.toString(), "--image", "web=web:1")) {
            assertThat(run.awaitExit(Duration.ofSeconds(30))).as(run.stderr()).isZero();
            yaml = run.stdout();
        }
        List<JsonNode> documents = readStrictly(yaml);
        assertThat(kinds(documents)).as(yaml).containsExactly("Deployment/web");
        // A value keeps its line breaks, escaped by the emitter and read back as they were.
        assertThat(documents.getFirst().at("/spec/template/spec/containers/0/args/1").asText()).isEqualTo("x" + injected);
        assertThat(yaml).doesNotContain("\r", "\u0085", "\u2028", "\u2029");
        // The notes still say what was there, escaped.
        assertThat(yaml).contains("# - ready check log /x" + POD.replace("|", escaped(lineBreak)));
    }

    private static String escaped(String lineBreak) {
        return lineBreak.equals("\r") ? "\\r" : String.format("\\u%04x", (int) lineBreak.charAt(0));
    }

    /** A folder named as the issue's: {@code x\n[Service]\nExecStartPre=/bin/touch /tmp/pwned\n#} (the slashes make it four). */
    private Path configInAHostileFolder() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("x\n[Service]\nExecStartPre=/bin/touch /tmp/pwned\n#"));
        var config = new ConfigBuilder();
        config.process("web", "/bin/sleep", List.of("300")).put("cwd", dir.toString());
        return config.writeTo(folder, "app.json");
    }

    @Test
    void theConfigsPathCannotAddALineToAnExportedUnit() throws Exception {
        Path file = configInAHostileFolder();
        Path units = dir.resolve("units");
        try (var run = OrchestratorRun.start("export", "systemd", "--config", file.toString(), "--output", units.toString())) {
            assertThat(run.awaitExit(Duration.ofSeconds(30))).as(run.stderr()).isZero();
        }
        for (String name : List.of("app-web.service", "app.target")) {
            String unit = Files.readString(units.resolve(name));
            assertThat(unit.lines()).as(unit).noneMatch(l -> l.startsWith("ExecStartPre=") || l.equals("[Service]") && name.endsWith(".target"));
            assertThat(unit).contains("x\\n[Service]\\nExecStartPre=/bin/touch /tmp/pwned\\n#");
        }
        assertThat(ExportSystemdTest.verify(units)).isEmpty();
    }

    @Test
    void theConfigsPathCannotAddADocumentToTheKubernetesExport() throws Exception {
        Path file = configInAHostileFolder();
        try (var run = OrchestratorRun.start("export", "kubernetes", "--config", file.toString(), "--image", "web=web:1")) {
            assertThat(run.awaitExit(Duration.ofSeconds(30))).as(run.stderr()).isZero();
            assertThat(kinds(readStrictly(run.stdout()))).containsExactly("Deployment/web");
            assertThat(run.stdout()).contains("x\\n[Service]\\nExecStartPre=/bin/touch /tmp/pwned\\n#");
        }
    }

    private Path simpleConfig() {
        var config = new ConfigBuilder();
        config.process("web", "/bin/sleep", List.of("300"));
        return config.writeTo(dir, "app.json");
    }

    @Test
    void anOutputFolderOfAnotherUserIsRefusedAndItsPlantedLinkNotFollowed() throws Exception {
        Path precious = dir.resolve("precious");
        Files.writeString(precious, "root's own\n");
        // A shared folder as /tmp is (sticky, anyone may make an entry): the attacker's own folder in it.
        Path theirs = sharedFolder("1777");
        Path out = theirs.resolve("out");
        Attacker.asNobody("mkdir " + out + " && ln -s " + precious + " " + out + "/app-web.service && ln -s " + precious
                + " " + out + "/web.yaml");
        Path config = simpleConfig();
        for (String[] export : List.of(new String[] {"systemd"}, new String[] {"kubernetes", "--image", "web=web:1"})) {
            var args = new ArrayList<>(List.of("export"));
            args.addAll(List.of(export));
            args.addAll(List.of("--config", config.toString(), "--output", out.toString()));
            try (var run = OrchestratorRun.start(args.toArray(String[]::new))) {
                assertThat(run.awaitExit(Duration.ofSeconds(30))).as(run.stderr()).isEqualTo(2);
                assertThat(run.stderr().strip()).doesNotContain("\n").contains(out.toString(), "uid 65534");
            }
        }
        assertThat(Files.readString(precious)).isEqualTo("root's own\n");
    }

    @Test
    void anOutputFolderOthersCanWriteIsRefusedStickyOrNot() throws Exception {
        Path config = simpleConfig();
        for (String mode : List.of("0777", "1777")) {
            Path out = sharedFolder(mode);
            try (var run = OrchestratorRun.start("export", "systemd", "--config", config.toString(), "--output", out.toString())) {
                assertThat(run.awaitExit(Duration.ofSeconds(30))).as(run.stderr()).isEqualTo(2);
                assertThat(run.stderr().strip()).doesNotContain("\n").contains(out.toString(), "others can write");
            }
            try (Stream<Path> files = Files.list(out)) {
                assertThat(files).isEmpty();
            }
        }
    }

    @Test
    void aLinkLeftInOurOwnOutputFolderIsReplacedNotFollowed() throws Exception {
        Path precious = dir.resolve("precious");
        Files.writeString(precious, "root's own\n");
        Path out = Files.createDirectories(dir.resolve("units"));
        Files.createSymbolicLink(out.resolve("app-web.service"), precious);
        try (var run = OrchestratorRun.start("export", "systemd", "--config", simpleConfig().toString(), "--output", out.toString())) {
            assertThat(run.awaitExit(Duration.ofSeconds(30))).as(run.stderr()).isZero();
        }
        assertThat(Files.readString(precious)).isEqualTo("root's own\n");
        assertThat(Files.isSymbolicLink(out.resolve("app-web.service"))).isFalse();
        assertThat(Files.readString(out.resolve("app-web.service"))).contains("ExecStart=/bin/sleep 300");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("app-web.service", "app.target");
        }
    }
}
