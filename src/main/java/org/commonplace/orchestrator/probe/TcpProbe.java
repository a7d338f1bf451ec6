package org.commonplace.orchestrator.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.commonplace.orchestrator.paho.FailureWords;

/**
 * Ready when a TCP connection is accepted. The host is resolved on every attempt (a name may start
 * resolving only once a container or VPN is up) and each of its addresses is tried in turn, as
 * {@code localhost} may be ::1 for one server and 127.0.0.1 for another, all within the timeout.
 */
public final class TcpProbe implements Probe {
    private final String host;
    private final int port;

    public TcpProbe(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public ProbeResult attempt(Duration timeout) {
        int timeoutMs = Attempts.millis(timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        InetAddress[] candidates;
        try {
            candidates = InetAddress.getAllByName(host);
        } catch (IOException e) {
            return ProbeResult.failed(FailureWords.of(e, host, timeoutMs));
        }
        String last = "no address to try";
        for (InetAddress candidate : candidates) {
            long leftMs = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMs < 1) {
                return ProbeResult.failed("no answer within " + timeoutMs + " ms");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(candidate, port), (int) Math.min(leftMs, Integer.MAX_VALUE));
                return ProbeResult.ok();
            } catch (IOException e) {
                last = FailureWords.of(e, host, timeoutMs);
            }
        }
        return ProbeResult.failed(last);
    }

    @Override
    public String toString() {
        return "TcpProbe[" + host + ":" + port + "]";
    }
}
