package org.commonplace.orchestrator.probe;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.commonplace.orchestrator.paho.FailureWords;

/**
 * Ready when a GET of the URL answers 2xx. Redirects are followed only within the same origin (scheme,
 * host and port), at most {@link #MAX_REDIRECTS} of them: a service must not be able to make us GET
 * whatever URL it names, every interval, with our network position (an admin endpoint, another
 * host's API). A redirect elsewhere is a failed attempt that says where it pointed. The body is
 * discarded.
 *
 * <p>The client is made once per probe, not per attempt: each client owns a selector thread and a
 * connection pool, and an attempt every 250 ms would otherwise churn through them.
 */
public final class HttpProbe implements Probe {
    static final int MAX_REDIRECTS = 5;

    private final URI url;
    private final HttpClient client;

    public HttpProbe(URI url) {
        this.url = url;
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public ProbeResult attempt(Duration timeout) {
        int timeoutMs = Attempts.millis(timeout);
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        try {
            URI target = url;
            for (int hop = 0; ; hop++) {
                long leftMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                HttpRequest request = HttpRequest.newBuilder(target).GET().timeout(Duration.ofMillis(leftMs)).build();
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return ProbeResult.ok();
                }
                var location = response.headers().firstValue("location");
                if (status < 300 || status > 399 || location.isEmpty() || status == 304) {
                    return ProbeResult.failed("HTTP " + status);
                }
                URI next;
                try {
                    next = target.resolve(location.get());
                } catch (IllegalArgumentException e) {
                    return ProbeResult.failed("HTTP " + status + " to an invalid location");
                }
                if (!sameOrigin(url, next)) {
                    return ProbeResult.failed("HTTP " + status + " redirects to another origin (" + next
                            + "); not followed");
                }
                if (hop >= MAX_REDIRECTS) {
                    return ProbeResult.failed("more than " + MAX_REDIRECTS + " redirects");
                }
                target = next;
            }
        } catch (HttpTimeoutException e) {
            return ProbeResult.failed("no answer within " + timeoutMs + " ms");
        } catch (ConnectException e) {
            return ProbeResult.failed(whyNoConnection(timeoutMs));
        } catch (IOException e) {
            return ProbeResult.failed(FailureWords.of(e, url.getHost(), timeoutMs));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.failed("interrupted");
        } catch (RuntimeException e) {
            // send() throws IllegalArgumentException for a URL it cannot use; a probe never throws.
            return ProbeResult.failed("cannot GET " + url + ": " + e.getMessage());
        }
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /**
     * The HTTP client reports a failed connect without its reason (a ConnectException with no
     * message, caused by a ClosedChannelException), so a plain TCP connect finds it out: "connection
     * refused" tells a user far more than "cannot connect".
     */
    private String whyNoConnection(int timeoutMs) {
        int port = url.getPort() >= 0 ? url.getPort() : url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        ProbeResult tcp = new TcpProbe(url.getHost(), port).attempt(Duration.ofMillis(timeoutMs));
        return tcp.ready() ? "cannot connect" : tcp.reason();
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "HttpProbe[" + url + "]";
    }
}
