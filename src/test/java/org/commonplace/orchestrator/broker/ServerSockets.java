package org.commonplace.orchestrator.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the kernel says of a broker's side of a loopback TCP connection (/proc/net/tcp, /proc/net/tcp6): how many bytes
 * the client sent that the broker has not read yet. A test whose broker thread is frozen learns from it,
 * without a sleep, that the broker's I/O thread has read what was sent.
 */
final class ServerSockets {
    private ServerSockets() {
    }

    /**
     * {@return bytes waiting unread on the broker's end (local port {@code serverPort}) of the connection
     * from {@code clientPort}; -1 when there is no such connection}
     */
    static long unread(int serverPort, int clientPort) throws IOException {
        String local = String.format(":%04X", serverPort);
        String remote = String.format(":%04X", clientPort);
        // A JVM's sockets are IPv6 ones by default, IPv4 addresses mapped: the connection is in either file.
        for (String file : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            for (String line : Files.readAllLines(Path.of(file))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 4 && f[1].endsWith(local) && f[2].endsWith(remote)) {
                    return Long.parseLong(f[4].substring(f[4].indexOf(':') + 1), 16);
                }
            }
        }
        return -1;
    }
}
