package org.commonplace.orchestrator.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The control protocol (docs/control.md): one JSON object per line, UTF-8. The client sends one
 * request line; the orchestrator answers with one or more reply lines, each carrying {@code "v"}.
 */
public final class Protocol {
    /** The protocol version, in every reply; a request may name it and is refused if it names another. */
    public static final int VERSION = 1;
    /** The longest request line accepted, newline excluded. */
    public static final int MAX_REQUEST_BYTES = 64 * 1024;
    /** How long a client may take to send its request line before it is dropped. */
    public static final long REQUEST_TIMEOUT_MS = 5000;
    /**
     * Requests served at once ({@code ps}, {@code stop}, {@code shutdown}...); more are answered {@code busy}.
     * Long-lived streams do not count here: they have a pool of their own.
     */
    public static final int MAX_CLIENTS = 64;
    /** Long-lived streams ({@code logs -f}, {@code watch}, {@code top}) served at once, in a pool of their own. */
    public static final int MAX_STREAMS = 64;
    /** How often {@code watch} sends the list when nothing changed (for fresh RSS and CPU figures), by default. */
    public static final long WATCH_INTERVAL_MS = 2000;
    /**
     * Changes within this time after one another go to a {@code watch} client as one line: a watcher
     * gets at most one line per gap, and that line is built once for all watchers.
     */
    public static final long WATCH_GAP_MS = 250;
    /** How old the RSS and CPU figures {@code watch} sends may be: /proc is read at most this often for all watchers. */
    public static final long USAGE_SAMPLE_MS = 1000;

    /** Makes the nodes of requests and replies: Jackson's tree alone, without databind's ObjectMapper ({@link TreeReader}). */
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Protocol() {
    }

    /** {@return a reply object with the version and {@code ok}} */
    public static ObjectNode reply(boolean ok) {
        ObjectNode o = NODES.objectNode();
        o.put("v", VERSION);
        o.put("ok", ok);
        return o;
    }

    /** {@return an error reply} */
    public static ObjectNode error(String error, String message) {
        ObjectNode o = reply(false);
        o.put("error", error);
        o.put("message", message);
        return o;
    }

    /** {@return a request object for {@code cmd}} */
    public static ObjectNode request(String cmd) {
        ObjectNode o = NODES.objectNode();
        o.put("v", VERSION);
        o.put("cmd", cmd);
        return o;
    }

    /** {@return the JSON text of {@code node} on one line, newline included} */
    static byte[] line(JsonNode node) {
        return TreeWriter.line(node);
    }
}
