package org.commonplace.orchestrator.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Datagrams really travel, to a socket at a path and to an abstract one ({@code @name}). */
final class UnixDatagramTest {
    @TempDir
    Path dir;

    @Test
    void aDatagramReachesASocketBoundAtAPath() {
        String address = dir.resolve("notify").toString();
        try (var receiver = UnixDatagram.bind(address); var sender = UnixDatagram.open()) {
            assertThat(sender.send(address, "READY=1\nSTATUS=ünïcode")).isEmpty();
            assertThat(receiver.poll()).contains("READY=1\nSTATUS=ünïcode");
            assertThat(receiver.poll()).isEmpty();
        }
    }

    @Test
    void aDatagramReachesAnAbstractSocket() {
        String address = "@commonplace-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (var receiver = UnixDatagram.bind(address); var sender = UnixDatagram.open()) {
            assertThat(sender.send(address, "WATCHDOG=1")).isEmpty();
            assertThat(receiver.poll()).contains("WATCHDOG=1");
        }
    }

    @Test
    void sendingToNobodySaysWhyAndDoesNotThrow() {
        try (var sender = UnixDatagram.open()) {
            assertThat(sender.send(dir.resolve("absent").toString(), "READY=1")).isPresent();
            assertThat(sender.send("x".repeat(200), "READY=1")).get().asString().contains("over 107 bytes");
        }
    }
}
