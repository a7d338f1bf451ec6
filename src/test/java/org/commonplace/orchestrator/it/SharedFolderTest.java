package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.commonplace.orchestrator.testing.Attacker;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.Java;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.commonplace.orchestrator.testing.RuntimeLeftovers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Folders another user can write, acted out as that user (nobody): a link planted on the way to a log
 * folder, and a control socket planted where {@code --socket} points.
 */
final class SharedFolderTest {
    @TempDir
    Path dir;

    /** Folders made in the shared temp folder (ours is 0700: the attacker could not enter it). */
    private final List<Path> shared = new ArrayList<>();
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        started.forEach(Process::destroyForcibly);
        shared.forEach(p -> Attacker.asUs("rm -rf '" + p + "'"));
        RuntimeLeftovers.remove(dir.resolve("test.json"));
    }

    private Path sharedFolder(String mode) throws IOException {
        Path folder = Files.createTempDirectory("shared-folder");
        shared.add(folder);
        Attacker.asUs("chmod " + mode + " " + folder);
        return folder;
    }

    private Path config(Map<String, Object> top, Map<String, Object> log) {
        var config = new ConfigBuilder();
        top.forEach(config::top);
        var web = config.shell("web", "echo up; exec sleep 300");
        if (log != null) {
            web.put("log", log);
        }
        return config.writeTo(dir);
    }

    @Test
    void aLinkAnotherUserPlantedOnTheWayToALogFolderIsRefusedNotFollowed() throws Exception {
        Path rootOnly = Files.createDirectory(dir.resolve("root-only"));
        Path shared = sharedFolder("1777");
        Attacker.asNobody("ln -s " + rootOnly + " " + shared + "/sub");
        for (Path config : List.of(config(Map.of("log_dir", shared + "/sub"), null),
                config(Map.of(), Map.of("file", shared + "/sub/out.log")))) {
            try (var run = OrchestratorRun.run(config)) {
                assertThat(run.awaitExit(Duration.ofSeconds(20))).as(run.stdout() + run.stderr()).isEqualTo(2);
                assertThat(run.stderr().strip()).doesNotContain("\n").contains(shared + "/sub", "symbolic link", "uid 65534")
                        .containsAnyOf(": error: log_dir: ", ": error: processes.web.log: ");
            }
            try (var check = OrchestratorRun.start("check", "--config", config.toString())) {
                assertThat(check.awaitExit(Duration.ofSeconds(20))).as(check.stdout() + check.stderr()).isEqualTo(2);
                assertThat(check.stderr().strip()).doesNotContain("\n").contains(shared + "/sub", "symbolic link", "uid 65534");
            }
        }
        try (var files = Files.list(rootOnly)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aLogFolderOthersCanWriteIsRefusedUnlessSticky() throws Exception {
        Path open = sharedFolder("0777");
        try (var run = OrchestratorRun.run(config(Map.of("log_dir", open + "/logs"), null))) {
            assertThat(run.awaitExit(Duration.ofSeconds(20))).as(run.stdout() + run.stderr()).isEqualTo(2);
            assertThat(run.stderr().strip()).doesNotContain("\n").contains(": error: log_dir: ", open.toString(), "others can write");
        }
        assertThat(open.resolve("logs")).doesNotExist();
        // A sticky folder as /tmp: what we make in it is ours and stays so.
        Path sticky = sharedFolder("1777");
        try (var run = OrchestratorRun.run(config(Map.of("log_dir", sticky + "/logs"), null))) {
            run.awaitStdout("\\[web] up");
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(sticky.resolve("logs/web.log")));
        }
    }

    /** An impostor as nobody: listens on {@code socket}, prints "heard LINE" for each request, answers as an orchestrator would. */
    private Process impostor(Path socket) throws IOException {
        Path source = socket.resolveSibling("Impostor.java");
        Files.writeString(source, """
                import java.io.*; import java.net.*; import java.nio.*; import java.nio.channels.*;
                public class Impostor { public static void main(String[] a) throws Exception {
                  var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                  server.bind(UnixDomainSocketAddress.of(a[0]));
                  System.out.println("listening"); System.out.flush();
                  while (true) { try (var c = server.accept()) {
                    var in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c)));
                    String line = in.readLine();
                    if (line == null) continue;
                    System.out.println("heard " + line); System.out.flush();
                    c.write(ByteBuffer.wrap("{\\"v\\":1,\\"ok\\":true,\\"processes\\":[]}\\n".getBytes()));
                  } catch (IOException e) { } } } }
                """);
        Files.setPosixFilePermissions(source, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Process process = Attacker.startAsNobody(Java.binary(), "-XX:-UsePerfData", "-Xshare:off", source.toString(), socket.toString());
        started.add(process);
        var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        assertThat(reader.readLine()).isEqualTo("listening");
        return process;
    }

    @Test
    void aSocketAnotherUserPlantedInAStickyFolderStopsNoRunAndHearsNoClient() throws Exception {
        Path sticky = sharedFolder("1777");
        Path socket = sticky.resolve("ctl.sock");
        Process impostor = impostor(socket);
        Path config = config(Map.of(), null);
        try (var run = OrchestratorRun.run(config, "--socket", socket.toString())) {
            assertThat(run.awaitExit(Duration.ofSeconds(20))).as(run.stdout() + run.stderr()).isEqualTo(1);
            assertThat(run.stdout() + run.stderr()).contains(socket.toString(), "uid 65534").doesNotContain("another orchestrator");
        }
        var ps = ControlClient.run(config, "ps", "--socket", socket.toString());
        assertThat(ps.code()).isEqualTo(1);
        assertThat(ps.err().strip()).doesNotContain("\n").contains(socket.toString(), "nobody");
        impostor.destroy();
        assertThat(impostor.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String heard = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(impostor.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        }).get(10, TimeUnit.SECONDS);
        assertThat(heard).doesNotContain("heard");
    }

    @Test
    void aSocketPathInAFolderOthersCanWriteIsRefused() throws Exception {
        Path open = sharedFolder("0777");
        Path socket = open.resolve("ctl.sock");
        try (var run = OrchestratorRun.run(config(Map.of(), null), "--socket", socket.toString())) {
            assertThat(run.awaitExit(Duration.ofSeconds(20))).as(run.stdout() + run.stderr()).isEqualTo(1);
            assertThat(run.stdout() + run.stderr()).contains(open.toString(), "others can write", "nothing was started");
        }
        assertThat(socket).doesNotExist();
        // In a sticky folder, a socket of our own is fine.
        Path sticky = sharedFolder("1777");
        Path ours = sticky.resolve("ctl.sock");
        Path config = config(Map.of(), null);
        try (var run = OrchestratorRun.run(config, "--socket", ours.toString())) {
            run.awaitStdout("\\[web] up");
            var ps = ControlClient.run(config, "ps", "--socket", ours.toString());
            assertThat(ps.code()).as(ps.err()).isZero();
            assertThat(ps.out()).contains("web");
        }
    }
}
