package org.commonplace.orchestrator.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.commonplace.orchestrator.config.BrokerAddress;
import org.commonplace.orchestrator.paho.ClientIds;
import org.commonplace.orchestrator.paho.FailureWords;
import org.commonplace.orchestrator.paho.PahoRelease;
import org.commonplace.orchestrator.paho.PahoThreads;
import org.commonplace.orchestrator.supervise.ReadinessWatcher;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttTopic;
import org.eclipse.paho.client.mqttv3.ScheduledExecutorPingSender;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The {@code mqtt_message} ready checks: one standing subscription on the orchestrator's broker for
 * every topic filter they name, kept for the whole run (reconnected with backoff), so that when a
 * process starts its topic is already subscribed and what it publishes arrives live.
 *
 * <p>How "published after the start" is decided: a message counts for a watch when it arrives
 * while the watch is on (from the process's spawn until it is ready or the watch is cancelled) and
 * its retain flag is clear. MQTT sets the flag only on a message the broker hands over because a
 * subscription was just made (the retained message it kept, published at any time before); a message
 * published while we are subscribed comes with the flag clear, retained or not. So a retained
 * message seen at (re)subscription is ignored: it may be older than the start. The run subscribes
 * every filter the config names before its first process starts ({@link #awaitSubscribed}, when the
 * broker is not one of the processes); a filter that a reload adds is subscribed at its first watch,
 * and a connection lost and made again subscribes again: a message published in such a gap is not
 * seen, and the process's ready timeout decides.
 *
 * <p>Bounds: at most {@link #MAX_FILTERS} filters and {@link #MAX_WATCHES} watches (one per starting
 * process); a payload is matched on its first {@link #MAX_PAYLOAD_CHARS} characters, and a packet over
 * the fabric's limit is skipped unread. Paho's threads call back here; they only compare and hand on.
 */
public final class MessageBoard implements AutoCloseable {
    static final int MAX_FILTERS = 1024;
    static final int MAX_WATCHES = 1024;
    static final int MAX_PAYLOAD_CHARS = 64 * 1024;
    private static final long CONNECT_MS = 5000;
    private static final long MAX_BACKOFF_MS = 5000;
    private static final Object LOST = new Object();

    private final BrokerAddress address;
    private final Optional<String> username;
    private final Optional<Path> passwordFile;
    private final Consumer<String> say;
    private final Set<String> filters = ConcurrentHashMap.newKeySet();
    private final List<Entry> watches = new CopyOnWriteArrayList<>();
    /** New filters to subscribe, and word that the connection was lost; bounded as the filters are. */
    private final BlockingQueue<Object> wake = new LinkedBlockingQueue<>(MAX_FILTERS + 16);
    private final CountDownLatch subscribedOnce = new CountDownLatch(1);
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean subscribed;
    private volatile boolean closed;
    private volatile String trouble = "not connected yet";
    private volatile Thread keeper;

    /**
     * @param say where lines about the connection go (lost, and made again)
     */
    public MessageBoard(BrokerAddress address, Optional<String> username, Optional<Path> passwordFile, Consumer<String> say) {
        this.address = address;
        this.username = username;
        this.passwordFile = passwordFile;
        this.say = say;
    }

    /** Subscribes {@code filter} too (now, or once connected), connecting on the first call. */
    public void listen(String filter) {
        if (filters.size() >= MAX_FILTERS && !filters.contains(filter)) {
            throw new IllegalStateException("more than " + MAX_FILTERS + " mqtt_message topics");
        }
        if (filters.add(filter)) {
            wake.offer(filter);
        }
        if (started.compareAndSet(false, true)) {
            keeper = Thread.ofVirtual().name("mqtt-message-board").start(this::keep);
        }
    }

    /** {@return whether every filter so far was subscribed within {@code limit}} (then its messages arrive live) */
    public boolean awaitSubscribed(Duration limit) throws InterruptedException {
        return subscribedOnce.await(limit.toMillis(), TimeUnit.MILLISECONDS) && subscribed;
    }

    /** {@return why the board is not subscribed now, or empty when it is} */
    public Optional<String> trouble() {
        return subscribed ? Optional.empty() : Optional.of(trouble);
    }

    /** Watches for the first live message on {@code filter} whose payload {@code payload} finds; {@code onReady} runs once. */
    ReadinessWatcher.Watch watch(String filter, Optional<Pattern> payload, Runnable onReady) {
        if (watches.size() >= MAX_WATCHES) {
            throw new IllegalStateException("more than " + MAX_WATCHES + " mqtt_message watches at once");
        }
        listen(filter);
        var entry = new Entry(filter, payload, onReady);
        watches.add(entry);
        return entry;
    }

    private final class Entry implements ReadinessWatcher.Watch {
        final String filter;
        final Optional<Pattern> payload;
        final Runnable onReady;
        final AtomicBoolean done = new AtomicBoolean();
        volatile String missed = "";

        Entry(String filter, Optional<Pattern> payload, Runnable onReady) {
            this.filter = filter;
            this.payload = payload;
            this.onReady = onReady;
        }

        void offer(String topic, String text) {
            if (payload.isPresent() && !payload.get().matcher(text).find()) {
                missed = "; a message on " + topic + " did not match /" + payload.get().pattern() + "/";
                return;
            }
            if (done.compareAndSet(false, true)) {
                watches.remove(this);
                onReady.run();
            }
        }

        @Override
        public void cancel() {
            done.set(true);
            watches.remove(this);
        }

        @Override
        public String lastFailure() {
            return (subscribed ? "no message on " + filter + " yet"
                    : "not subscribed on the MQTT broker at " + address + ": " + trouble) + missed;
        }
    }

    /** A message arrived (Paho's callback thread): retained ones are ignored, see the class comment. */
    void arrived(String topic, byte[] bytes, boolean retained) {
        if (retained || watches.isEmpty()) {
            return;
        }
        String text = null;
        for (Entry entry : watches) {
            if (MqttTopic.isMatched(entry.filter, topic)) {
                if (text == null) {
                    String all = new String(bytes, StandardCharsets.UTF_8);
                    text = all.length() > MAX_PAYLOAD_CHARS ? all.substring(0, MAX_PAYLOAD_CHARS) : all;
                }
                entry.offer(topic, text);
            }
        }
    }

    /** The keeper thread: connect, subscribe, serve, and after a loss again, with backoff, until closed. */
    private void keep() {
        long backoff = 250;
        boolean wasLost = false;
        while (!closed) {
            String clientId = ClientIds.fresh();
            var threads = new PahoThreads(clientId, Duration.ofMillis(CONNECT_MS).plusSeconds(5));
            MqttAsyncClient client = null;
            try {
                client = new MqttAsyncClient("tcp://" + address, clientId, new MemoryPersistence(),
                        new ScheduledExecutorPingSender(threads), threads);
                client.setCallback(new MqttCallback() {
                    @Override
                    public void connectionLost(Throwable cause) {
                        trouble = "connection lost";
                        subscribed = false;
                        wake.offer(LOST);
                    }

                    @Override
                    public void messageArrived(String topic, MqttMessage message) {
                        arrived(topic, message.getPayload(), message.isRetained());
                    }

                    @Override
                    public void deliveryComplete(IMqttDeliveryToken token) {
                    }
                });
                client.connect(options(threads)).waitForCompletion(CONNECT_MS);
                wake.clear(); // every filter is subscribed below
                for (String filter : List.copyOf(filters)) {
                    client.subscribe(filter, 1).waitForCompletion(CONNECT_MS);
                }
                subscribed = true;
                trouble = "";
                subscribedOnce.countDown();
                if (wasLost) {
                    say.accept("MQTT: subscribed again for mqtt_message ready checks on " + address);
                }
                backoff = 250;
                serve(client);
            } catch (MqttException | IllegalArgumentException e) {
                trouble = e.getCause() instanceof IOException io ? FailureWords.of(io, address.host(), (int) CONNECT_MS)
                        : e.getMessage() == null ? "MQTT error " + (e instanceof MqttException m ? m.getReasonCode() : 0) : e.getMessage();
            } catch (InterruptedException e) {
                closed = true;
            } finally {
                if (subscribed && !closed) {
                    say.accept("MQTT: the subscription for mqtt_message ready checks on " + address + " was lost; trying again");
                }
                subscribed = false;
                if (client != null) {
                    PahoRelease.release(client, threads, 0);
                } else {
                    threads.shutdownNow();
                }
            }
            wasLost = true;
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
    }

    /** Subscribes what is added while connected; returns once the connection is lost. */
    private void serve(MqttAsyncClient client) throws InterruptedException, MqttException {
        while (!closed) {
            Object next = wake.take();
            if (next == LOST || !client.isConnected()) {
                return;
            }
            client.subscribe((String) next, 1).waitForCompletion(CONNECT_MS);
        }
    }

    private MqttConnectOptions options(PahoThreads threads) {
        var options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(60);
        options.setConnectionTimeout((int) (CONNECT_MS / 1000));
        options.setSocketFactory(threads.sockets(skipped -> { }));
        username.ifPresent(options::setUserName);
        passwordFile.ifPresent(file -> {
            try {
                options.setPassword(Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").toCharArray());
            } catch (IOException | java.io.UncheckedIOException e) {
                trouble = "cannot read the password file " + file + ": " + e.getMessage();
            }
        });
        return options;
    }

    @Override
    public void close() {
        closed = true;
        Thread t = keeper;
        if (t != null) {
            t.interrupt();
        }
    }
}
