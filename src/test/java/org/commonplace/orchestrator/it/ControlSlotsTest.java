package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.commonplace.orchestrator.control.Protocol;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.Java;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21 item 6, as the attacker does it: more {@code logs -f} clients than there are slots, none
 * of them reading, and 64 connections from another user held open; {@code ps} and {@code shutdown}
 * must still be answered.
 */
final class ControlSlotsTest {
    @TempDir
    Path dir;

    /** Opens COUNT connections as whoever runs it, prints each one's first answer, holds them until stdin ends. */
    private static final String HOLDER = """
            import java.io.*; import java.net.*; import java.nio.*; import java.nio.channels.*; import java.util.*;
            public class Holder { public static void main(String[] a) throws Exception {
              var held = new ArrayList<SocketChannel>();
              for (int i = 0; i < Integer.parseInt(a[1]); i++) held.add(SocketChannel.open(UnixDomainSocketAddress.of(a[0])));
              int forbidden = 0;
              for (SocketChannel c : held) {
                var b = ByteBuffer.allocate(4096);
                while (b.position() == 0 || b.get(b.position() - 1) != '\\n') { if (c.read(b) < 0) break; }
                if (new String(b.array(), 0, b.position()).contains("\\"forbidden\\"")) forbidden++;
              }
              System.out.println("answered " + forbidden + " forbidden"); System.out.flush();
              while (System.in.read() >= 0) { }
            } }
            """;

    @Test
    void followersThatNeverReadAndRefusedStrangersLeaveRoomForPsAndShutdown() throws Exception {
        var config = new ConfigBuilder();
        config.shell("svc", "echo up; exec sleep 1000");
        Path file = config.writeTo(dir);
        Path open = Files.createTempDirectory("control-slots");
        var followers = new ArrayList<SocketChannel>();
        Process nobody = null;
        try {
            Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path socket = open.resolve("ctl.sock");
            Path holder = open.resolve("Holder.java");
            Files.writeString(holder, HOLDER);
            Files.setPosixFilePermissions(holder, PosixFilePermissions.fromString("rw-r--r--"));
            try (var run = OrchestratorRun.run(file, "--socket", socket.toString())) {
                run.awaitStdout("\\[svc] up");
                // As an administrator might: open the socket to everyone; the uid check is what refuses.
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
                int count = Protocol.MAX_STREAMS + 6;
                for (int i = 0; i < count; i++) {
                    SocketChannel c = ControlClient.connect(socket);
                    ControlClient.write(c, "{\"cmd\":\"logs\",\"names\":[],\"follow\":true}\n");
                    followers.add(c);
                }
                nobody = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                        Java.binary(), "-XX:-UsePerfData", "-Xshare:off", holder.toString(), socket.toString(), "64")
                        .redirectErrorStream(true).start();
                var said = new BufferedReader(new InputStreamReader(nobody.getInputStream(), StandardCharsets.UTF_8));
                // Each refused connection is answered at once, while the stranger still holds all 64 open.
                assertThat(said.readLine()).isEqualTo("answered 64 forbidden");

                var ps = ControlClient.run(file, "ps", "--socket", socket.toString());
                assertThat(ps.code()).as(ps.err()).isZero();
                assertThat(ps.out()).contains("svc");
                var shutdown = ControlClient.run(file, "shutdown", "--socket", socket.toString());
                assertThat(shutdown.code()).as(shutdown.err()).isZero();
                assertThat(run.awaitExit(Duration.ofSeconds(20))).isZero();
                // 64 refusals of one user are summarised, not said 64 times.
                assertThat(run.stdoutLines()).filteredOn(l -> l.contains("refused a client of user")).hasSizeLessThanOrEqualTo(2);
            }
        } finally {
            for (SocketChannel c : followers) {
                c.close();
            }
            if (nobody != null) {
                nobody.getOutputStream().close();
                nobody.destroyForcibly().waitFor();
            }
            try (var files = Files.list(open)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(open);
        }
    }

    @Test
    void aClientTurnedAwayHearsBusyInsteadOfABrokenPipe() throws Exception {
        var config = new ConfigBuilder();
        config.shell("svc", "echo up; exec sleep 1000");
        Path file = config.writeTo(dir);
        var held = new ArrayList<SocketChannel>();
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("\\[svc] up");
            Path socket = org.commonplace.orchestrator.runtime.RunFiles.of(file).socket();
            // Every stream slot taken by watchers that never read...
            for (int i = 0; i < Protocol.MAX_STREAMS; i++) {
                SocketChannel c = ControlClient.connect(socket);
                ControlClient.write(c, "{\"cmd\":\"watch\"}\n");
                assertThat(ControlClient.readLine(c)).contains("\"ok\":true");
                held.add(c);
            }
            // ...so one more is told so in one line, and a short request still gets through.
            var extra = ControlClient.ask(socket, "{\"cmd\":\"watch\"}");
            assertThat(extra.path("error").asText()).isEqualTo("busy");
            assertThat(extra.path("message").asText()).contains("streams");
            assertThat(ControlClient.ask(socket, "{\"cmd\":\"ps\"}").path("ok").asBoolean()).isTrue();
            List<String> busyLines = run.stdoutLines().stream().filter(l -> l.contains("Exception")).toList();
            assertThat(busyLines).isEmpty();
        } finally {
            for (SocketChannel c : held) {
                c.close();
            }
        }
    }
}
