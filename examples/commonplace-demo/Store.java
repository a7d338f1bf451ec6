// The demo "store", shaped like commonplace's: keeps documents in memory and serves them over MQTT.
//
//   demo/store/put/<id>   a write request: the payload is the document's new text (an empty one deletes it)
//   demo/docs/<id>        the document, published retained by the store after every write: what readers read
//   demo/store/status     "online" (retained) while the store runs, "offline" (its last will) when it dies
//
// It keeps its documents in memory only, and they outlive it on the broker, retained: a store that
// starts reads back what the last one published (so `restart store` loses nothing), and a store that
// reconnects to a broker that lost them (the embedded one, in memory, after a kill -9) publishes every
// document again.
//
// Run by ./commonplace-store, which puts the orchestrator's jar on the class path for Eclipse Paho.
// It takes --mqtt-broker HOST:PORT, which the orchestrator appends because the file name of the
// command starts with "commonplace". Every byte from the broker is treated as chosen by an attacker:
// ids and sizes are checked, nothing is run or written to disk.

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

public final class Store {
    static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final int MAX_DOCUMENT_BYTES = 16 * 1024;
    static final int MAX_DOCUMENTS = 1000;
    static final String PUT = "demo/store/put/";
    static final String DOCS = "demo/docs/";
    static final String STATUS = "demo/store/status";

    private final Map<String, byte[]> documents = new ConcurrentHashMap<>();
    private final MqttClient client;

    private Store(MqttClient client) {
        this.client = client;
    }

    public static void main(String[] args) throws Exception {
        String broker = Args.value(args, "--mqtt-broker");
        var client = new MqttClient("tcp://" + broker, "demo-store-" + ProcessHandle.current().pid(), new MemoryPersistence());
        var store = new Store(client);
        // A lost acknowledgement fails one request instead of blocking a thread for ever.
        client.setTimeToWait(5000);
        client.setCallback(store.callback());
        var options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setAutomaticReconnect(true);
        options.setWill(STATUS, "offline".getBytes(StandardCharsets.UTF_8), 1, true);
        client.connect(options);
        System.out.println("store ready: " + broker + ", requests on " + PUT + "<id>, documents on " + DOCS + "<id>");
        Thread.sleep(Long.MAX_VALUE);
    }

    private MqttCallbackExtended callback() {
        return new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                // A clean session forgets subscriptions: subscribe (again), then say we are here.
                try {
                    client.subscribe(new String[] {PUT + "+", DOCS + "+"}, new int[] {1, 1});
                    client.publish(STATUS, "online".getBytes(StandardCharsets.UTF_8), 1, true);
                    if (reconnect) {
                        System.out.println("store reconnected to " + serverUri);
                        republish();
                    }
                } catch (MqttException e) {
                    System.err.println("store: cannot subscribe: " + e.getMessage());
                }
            }

            @Override
            public void connectionLost(Throwable cause) {
                System.out.println("store lost the broker (" + cause.getMessage() + "); reconnecting");
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                if (topic.startsWith(PUT)) {
                    put(topic.substring(PUT.length()), message.getPayload());
                } else if (message.isRetained()) {
                    recover(topic.substring(DOCS.length()), message.getPayload());
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        };
    }

    /** Runs on Paho's callback thread: publishing from here must not wait for an acknowledgement (QoS 0). */
    private void put(String id, byte[] text) {
        if (!ID.matcher(id).matches() || text.length > MAX_DOCUMENT_BYTES) {
            System.out.println("store refused a write: bad id or more than " + MAX_DOCUMENT_BYTES + " bytes");
            return;
        }
        if (text.length == 0) {
            documents.remove(id);
        } else if (documents.size() >= MAX_DOCUMENTS && !documents.containsKey(id)) {
            System.out.println("store refused " + id + ": it already holds " + MAX_DOCUMENTS + " documents");
            return;
        } else {
            documents.put(id, text);
        }
        try {
            // Retained, so a reader that comes later (the http front end after a restart) has every document.
            var message = new MqttMessage(text);
            message.setQos(0);
            message.setRetained(true);
            client.getTopic(DOCS + id).publish(message);
            System.out.println("store " + (text.length == 0 ? "deleted " : "saved ") + id + " (" + documents.size() + " documents)");
        } catch (MqttException e) {
            System.err.println("store: cannot publish " + id + ": " + e.getMessage());
        }
    }

    /** A document the broker kept from an earlier store: ours unless we already hold a newer one. */
    private void recover(String id, byte[] text) {
        if (ID.matcher(id).matches() && text.length > 0 && text.length <= MAX_DOCUMENT_BYTES
                && (documents.size() < MAX_DOCUMENTS || documents.containsKey(id))
                && documents.putIfAbsent(id, text) == null) {
            System.out.println("store recovered " + id + " (" + documents.size() + " documents)");
        }
    }

    /** After a reconnect: the broker may have lost every retained document (an in-memory one restarted). */
    private void republish() {
        documents.forEach((id, text) -> {
            try {
                var message = new MqttMessage(text);
                message.setQos(0);
                message.setRetained(true);
                client.getTopic(DOCS + id).publish(message);
            } catch (MqttException e) {
                System.err.println("store: cannot publish " + id + ": " + e.getMessage());
            }
        });
        System.out.println("store published its " + documents.size() + " documents again");
    }

    /** The command line: the last value of a flag wins, as the orchestrator appends its own. */
    static final class Args {
        static String value(String[] args, String flag) {
            String found = null;
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals(flag) && i + 1 < args.length) {
                    found = args[i + 1];
                } else if (args[i].startsWith(flag + "=")) {
                    found = args[i].substring(flag.length() + 1);
                }
            }
            if (found == null) {
                System.err.println("usage: ... " + flag + " VALUE (the orchestrator appends --mqtt-broker)");
                System.exit(2);
            }
            return found;
        }
    }
}
