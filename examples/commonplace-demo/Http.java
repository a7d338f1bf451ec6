// The demo "http" front end, shaped like commonplace's: serves http://127.0.0.1:PORT/ and reads and
// writes documents through the store over MQTT (see Store.java for the topics).
//
//   GET  /              a page listing every document
//   GET  /docs/<id>     one document (text/plain), 404 when there is none
//   PUT  /docs/<id>     writes the body (at most 16 KiB) through the store; 201 once the store has
//                      published it back, 504 when the store does not answer within 2 s
//   GET  /health        200 when the broker is connected and the store is online, else 503
//
// Run by ./commonplace-http with --port PORT; the orchestrator appends --mqtt-broker HOST:PORT.
// It listens on loopback only. Request bodies and ids are checked; documents are escaped in HTML.

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

public final class Http {
    static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final int MAX_BODY_BYTES = 16 * 1024;
    static final long WRITE_WAIT_MS = 2000;

    /** What the store has published: the readers' copy, kept current by the retained topics. */
    private final Map<String, byte[]> documents = new ConcurrentHashMap<>();
    private volatile String storeStatus = "unknown";
    private final MqttClient client;
    private final int port;

    private Http(MqttClient client, int port) {
        this.client = client;
        this.port = port;
    }

    public static void main(String[] args) throws Exception {
        String broker = value(args, "--mqtt-broker");
        int port = Integer.parseInt(value(args, "--port"));
        var client = new MqttClient("tcp://" + broker, "demo-http-" + ProcessHandle.current().pid(), new MemoryPersistence());
        var http = new Http(client, port);
        // A lost acknowledgement fails one request instead of blocking a thread for ever.
        client.setTimeToWait(5000);
        client.setCallback(http.callback());
        var options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setAutomaticReconnect(true);
        client.connect(options);
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.createContext("/", http::handle);
        server.start();
        System.out.println("http serving http://127.0.0.1:" + port + "/ with documents from the store over " + broker);
    }

    private MqttCallbackExtended callback() {
        return new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                try {
                    client.subscribe(new String[] {"demo/docs/+", "demo/store/status"}, new int[] {1, 1});
                } catch (MqttException e) {
                    System.err.println("http: cannot subscribe: " + e.getMessage());
                }
            }

            @Override
            public void connectionLost(Throwable cause) {
                System.out.println("http lost the broker (" + cause.getMessage() + "); reconnecting");
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                byte[] payload = message.getPayload();
                if (topic.equals("demo/store/status")) {
                    storeStatus = new String(payload, StandardCharsets.UTF_8).equals("online") ? "online" : "offline";
                    return;
                }
                String id = topic.substring("demo/docs/".length());
                if (!ID.matcher(id).matches() || payload.length > MAX_BODY_BYTES) {
                    return;
                }
                synchronized (documents) {
                    if (payload.length == 0) {
                        documents.remove(id);
                    } else {
                        documents.put(id, payload);
                    }
                    documents.notifyAll();
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        };
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/health")) {
                boolean ok = client.isConnected() && storeStatus.equals("online");
                reply(exchange, ok ? 200 : 503, "text/plain", ok ? "ok\n" : "store " + storeStatus + "\n");
            } else if (path.equals("/") && method.equals("GET")) {
                reply(exchange, 200, "text/html; charset=utf-8", page());
            } else if (path.startsWith("/docs/") && ID.matcher(path.substring(6)).matches()) {
                document(exchange, method, path.substring(6));
            } else {
                reply(exchange, 404, "text/plain", "not found; try GET / or PUT /docs/<id>\n");
            }
        }
    }

    private void document(HttpExchange exchange, String method, String id) throws IOException {
        if (method.equals("GET")) {
            byte[] text = documents.get(id);
            reply(exchange, text == null ? 404 : 200, "text/plain; charset=utf-8",
                    text == null ? "no document " + id + "\n" : new String(text, StandardCharsets.UTF_8));
            return;
        }
        if (!method.equals("PUT")) {
            reply(exchange, 405, "text/plain", "GET or PUT\n");
            return;
        }
        byte[] body = readAtMost(exchange.getRequestBody(), MAX_BODY_BYTES);
        if (body == null) {
            reply(exchange, 413, "text/plain", "at most " + MAX_BODY_BYTES + " bytes\n");
            return;
        }
        try {
            client.publish("demo/store/put/" + id, body, 1, false);
        } catch (MqttException e) {
            reply(exchange, 503, "text/plain", "the broker is not reachable: " + e.getMessage() + "\n");
            return;
        }
        // Written when the store publishes it back: read-your-writes through the store.
        long deadline = System.currentTimeMillis() + WRITE_WAIT_MS;
        synchronized (documents) {
            while (!Arrays.equals(documents.get(id), body.length == 0 ? null : body)) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    reply(exchange, 504, "text/plain", "the store did not answer within " + WRITE_WAIT_MS + " ms\n");
                    return;
                }
                try {
                    documents.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        reply(exchange, 201, "text/plain", "saved " + id + "\n");
    }

    private String page() {
        var html = new StringBuilder("<!doctype html><title>commonplace demo</title><h1>commonplace demo</h1>")
                .append("<p>store: ").append(storeStatus).append("</p><ul>");
        new TreeMap<>(documents).forEach((id, text) -> html.append("<li><b>").append(escape(id)).append("</b>: ")
                .append(escape(new String(text, StandardCharsets.UTF_8))).append("</li>"));
        return html.append("</ul><p>Write one: <code>curl -X PUT --data 'hello' http://127.0.0.1:")
                .append(port).append("/docs/greeting</code></p>\n").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        byte[] data = in.readNBytes(limit + 1);
        return data.length > limit ? null : data;
    }

    private static void reply(HttpExchange exchange, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** The last value of a flag wins: --extra-args and the orchestrator append theirs. */
    private static String value(String[] args, String flag) {
        String found = null;
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(flag)) {
                found = args[i + 1];
            }
        }
        if (found == null) {
            System.err.println("usage: commonplace-http --port PORT --mqtt-broker HOST:PORT");
            System.exit(2);
        }
        return found;
    }
}
