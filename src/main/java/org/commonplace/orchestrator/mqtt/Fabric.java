package org.commonplace.orchestrator.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.commonplace.orchestrator.config.BrokerAddress;
import org.commonplace.orchestrator.paho.PacketLimit;

/**
 * The orchestrator's one connection to the broker, kept by a thread of its own so that the broker
 * never disturbs supervision: the supervisor only puts messages in the {@link Outbox} and returns.
 *
 * <p>The thread connects (MQTT 5, else 3.1.1), checks that no other orchestrator holds our
 * instance name ({@link ClaimCheck}; if one does, it disconnects cleanly, having published nothing,
 * and ends), publishes its {@link Claim}, says {@code online} (retained; the last will says
 * {@code offline}), subscribes, publishes every retained state it holds, then whatever is put in
 * the outbox as it comes. A connection that fails or is lost is tried again with backoff (0.5 s
 * doubling to 30 s), and everything is republished once it is back, since the broker may have lost
 * what it retained. Each change of the connection is one line; nothing is said per message.
 * At {@link #close}: what waits is sent, then {@code offline}, then a clean DISCONNECT.
 */
public final class Fabric implements AutoCloseable {
    static final long FIRST_BACKOFF_MS = 500;
    static final long MAX_BACKOFF_MS = 30_000;
    /** How long the broker has to acknowledge a publish or a subscription before the connection is thought lost. */
    static final long ACK_TIMEOUT_MS = 5_000;
    static final int CONNECT_TIMEOUT_MS = 5_000;

    private final BrokerAddress address;
    private final Topics topics;
    private final boolean announce;
    private final Optional<String> username;
    private final Optional<byte[]> password;
    private final List<String> subscriptions;
    private final Consumer<Inbound> inbound;
    private final Consumer<String> say;
    private final Outbox outbox;
    private final Claim claim;
    private final Connector connector = new Connector();
    /** The first connection's outcome: the line that refuses the start, or empty (checked and free, or no broker yet). */
    private final FirstVerdict firstVerdict = new FirstVerdict();
    private volatile ClaimCheck check;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Object pause = new Object();
    private volatile boolean closing;
    private volatile String lostReason;
    private volatile BrokerSession current;

    /**
     * @param announce      whether to say {@code online}/{@code offline} on the status topic (publish_state)
     * @param subscriptions the filters to subscribe to on every connection
     * @param inbound       what hears each message (on the client's thread: it must only hand it on)
     * @param say           how a line reaches the console (in order with the supervisor's)
     */
    Fabric(BrokerAddress address, Topics topics, boolean announce, Optional<String> username, Optional<byte[]> password,
           Outbox outbox, Claim claim, List<String> subscriptions, Consumer<Inbound> inbound, Consumer<String> say) {
        this.outbox = outbox;
        this.claim = claim;
        this.address = address;
        this.topics = topics;
        this.announce = announce;
        this.username = username;
        this.password = password;
        this.subscriptions = List.copyOf(subscriptions);
        this.inbound = inbound;
        this.say = say;
    }

    void start() {
        Thread.ofPlatform().daemon().name("mqtt-fabric").start(this::run);
    }

    private void run() {
        long backoff = FIRST_BACKOFF_MS;
        boolean everConnected = false;
        boolean saidDown = false;
        try {
            while (!closing) {
                BrokerSession session;
                lostReason = null;
                try {
                    session = connector.connect(spec());
                } catch (ConnectFailure failure) {
                    firstVerdict.free(); // no broker yet: supervision goes on, the check waits for it
                    if (!saidDown) {
                        say.accept("MQTT: cannot connect to the broker at " + address + " (" + failure.getMessage()
                                + "); trying again with backoff up to " + MAX_BACKOFF_MS / 1000
                                + " s, and saying so when it answers" + (everConnected ? "" : "; supervision goes on"));
                        saidDown = true;
                    }
                    pause(backoff);
                    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
                    continue;
                }
                current = session;
                backoff = FIRST_BACKOFF_MS;
                try {
                    if (announce && !claimed(session, everConnected)) {
                        return;
                    }
                    firstVerdict.free();
                    say.accept(everConnected
                            ? "MQTT: connected again to " + address + "; republishing every state"
                            : "MQTT: connected to " + address + " (" + session.protocol() + ") as instance " + topics.instance()
                                    + (announce ? "; state on " + topics.prefix() + "/" + topics.instance() + "/" : ""));
                    everConnected = true;
                    saidDown = false;
                    serve(session);
                    goodbye(session);
                    return;
                } catch (IOException e) {
                    say.accept("MQTT: lost the broker at " + address + " (" + e.getMessage()
                            + "); reconnecting with backoff; supervision goes on");
                    saidDown = true;
                    session.close(0);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            firstVerdict.free();
            ended.countDown();
        }
    }

    /**
     * Asks whether another orchestrator holds our instance name; when none does, publishes our claim
     * (retained) before anything else of the instance.
     *
     * @return false when one does: the session is closed cleanly (no last will), nothing was published,
     *         and the fabric ends (the start is refused, or after a reconnect the other one keeps the name)
     */
    private boolean claimed(BrokerSession session, boolean everConnected) throws IOException, InterruptedException {
        var asked = new ClaimCheck(topics, claim, everConnected);
        check = asked;
        ClaimCheck.Verdict verdict;
        try {
            session.subscribe(asked.filters(), ACK_TIMEOUT_MS);
            verdict = asked.verdict(session, ACK_TIMEOUT_MS);
        } catch (IOException e) {
            if (!session.connected()) {
                throw e;
            }
            // An ACL that lets us write our topics but not read them: the check cannot be made, publishing still can.
            verdict = new ClaimCheck.Verdict.Unknown(e.getMessage());
        }
        if (verdict instanceof ClaimCheck.Verdict.Taken taken) {
            String line = "instance " + topics.instance() + " is held by another orchestrator on the broker at " + address
                    + " (" + taken.holder() + "): give this config another \"instance\", or stop that one first";
            session.close(ACK_TIMEOUT_MS);
            if (everConnected || !firstVerdict.refuse(line)) {
                say.accept("MQTT: " + line + "; no longer publishing, supervision goes on");
            }
            return false;
        }
        if (verdict instanceof ClaimCheck.Verdict.Unknown unknown) {
            say.accept("MQTT: cannot tell whether another orchestrator holds instance " + topics.instance() + ": "
                    + unknown.why() + "; going on");
        }
        session.publish(topics.claim(), claim.json(), true, ACK_TIMEOUT_MS);
        return true;
    }

    /**
     * {@return what publishes each crash report, retained, on its process's crash topic (with
     * {@code publish_state}; otherwise it publishes nothing)}; never blocks
     */
    public Consumer<org.commonplace.orchestrator.model.CrashReport> crashes() {
        return announce ? new CrashPublisher(topics, outbox) : report -> { };
    }

    /**
     * Waits, at most {@code timeoutMs}, for the first connection's check.
     *
     * @return the line that refuses the start (another orchestrator holds the name), or empty: free,
     *         no broker yet, or no answer in time (the check then goes on and says what it finds)
     */
    Optional<String> firstVerdict(long timeoutMs) {
        return firstVerdict.await(timeoutMs);
    }

    private SessionSpec spec() {
        var saidSkipped = new AtomicBoolean();
        return new SessionSpec(address, announce ? Optional.of(topics.status()) : Optional.empty(), username, password,
                CONNECT_TIMEOUT_MS, message -> {
                    ClaimCheck asked = check;
                    if (asked == null || !asked.offer(message)) {
                        inbound.accept(message);
                    }
                }, reason -> {
                    lostReason = reason;
                    outbox.wake();
                }, bytes -> {
                    // Whoever can publish on a topic we follow can send these by the thousand: said once a connection.
                    if (saidSkipped.compareAndSet(false, true)) {
                        say.accept("MQTT: skipped a message of " + bytes + " bytes from the broker unread (over our limit of "
                                + PacketLimit.MAX_PACKET_BYTES + "); further ones on this connection are skipped silently");
                    }
                });
    }

    /** Birth, subscriptions, everything retained, then what comes, until closing (returns) or lost (throws). */
    private void serve(BrokerSession session) throws IOException, InterruptedException {
        if (announce) {
            session.publish(topics.status(), bytes(Topics.ONLINE), true, ACK_TIMEOUT_MS);
        }
        session.subscribe(subscriptions, ACK_TIMEOUT_MS);
        outbox.resendAll();
        while (true) {
            for (Outbox.Outgoing message : outbox.take(closing ? 0 : Long.MAX_VALUE / 2_000_000)) {
                send(session, message);
            }
            if (lostReason != null || !session.connected()) {
                throw new IOException(lostReason == null ? "the connection closed" : lostReason);
            }
            if (closing && !outbox.pending()) {
                return;
            }
        }
    }

    private void send(BrokerSession session, Outbox.Outgoing message) throws IOException {
        try {
            if (message.retained()) {
                session.publish(message.topic(), message.payload(), true, ACK_TIMEOUT_MS);
            } else {
                session.reply(message.topic(), message.payload(), message.correlation(), ACK_TIMEOUT_MS);
            }
        } catch (IOException e) {
            if (!session.connected()) {
                throw e;
            }
            // The broker refused this one message (a topic it will not take): the rest still go.
        }
    }

    private void goodbye(BrokerSession session) {
        if (announce) {
            try {
                session.publish(topics.status(), bytes(Topics.OFFLINE), true, ACK_TIMEOUT_MS);
            } catch (IOException e) {
                // the will says it for us once the connection drops
            }
        }
        session.close(ACK_TIMEOUT_MS);
    }

    /** Waits out a backoff, or less when closing. */
    private void pause(long ms) throws InterruptedException {
        synchronized (pause) {
            if (!closing) {
                pause.wait(ms);
            }
        }
    }

    /**
     * Sends what waits (the final states), says {@code offline}, disconnects; gives up after
     * {@code timeoutMs} (a broker that is away then hears {@code offline} from our last will, or
     * already said it).
     */
    public void close(long timeoutMs) {
        closing = true;
        outbox.wake();
        synchronized (pause) {
            pause.notifyAll();
        }
        try {
            if (!ended.await(timeoutMs, TimeUnit.MILLISECONDS) && current != null) {
                current.close(0);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(ACK_TIMEOUT_MS);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
