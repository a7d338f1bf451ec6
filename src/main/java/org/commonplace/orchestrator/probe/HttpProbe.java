package org.commonplace.orchestrator.probe;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Ready when a GET of the URL answers 2xx (after the redirects the JDK follows by default for
 * {@code NORMAL}: not from https to http). The body is discarded.
 *
 * <p>The client is made once per probe, not per attempt: each client owns a selector thread and a
 * connection pool, and an attempt every 250 ms would otherwise churn through them.
 */
public final class HttpProbe implements Probe {
    private final URI url;
    private final HttpClient client;

    public HttpProbe(URI url) {
        this.url = url;
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    @Override
    public ProbeResult attempt(Duration timeout) {
        int timeoutMs = Attempts.millis(timeout);
        HttpRequest request = HttpRequest.newBuilder(url).GET().timeout(Duration.ofMillis(timeoutMs)).build();
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status >= 200 && status < 300 ? ProbeResult.ok() : ProbeResult.failed("HTTP " + status);
        } catch (HttpTimeoutException e) {
            return ProbeResult.failed("no answer within " + timeoutMs + " ms");
        } catch (ConnectException e) {
            return ProbeResult.failed(whyNoConnection(timeoutMs));
        } catch (IOException e) {
            return ProbeResult.failed(Attempts.reason(e, url.getHost(), timeoutMs));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.failed("interrupted");
        } catch (RuntimeException e) {
            // send() throws IllegalArgumentException for a URL it cannot use; a probe never throws.
            return ProbeResult.failed("cannot GET " + url + ": " + e.getMessage());
        }
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
