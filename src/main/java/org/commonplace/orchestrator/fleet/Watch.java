package org.commonplace.orchestrator.fleet;

import java.io.PrintStream;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import org.commonplace.orchestrator.config.BrokerAddress;
import org.commonplace.orchestrator.config.TopicPrefix;
import org.commonplace.orchestrator.output.ControlChars;
import org.commonplace.orchestrator.policy.Ticker;

/**
 * {@code watch}: subscribes to {@code <prefix>/#} on a broker and shows the fleet, once or live.
 *
 * @param broker where to subscribe
 * @param prefix the topic prefix: {@link TopicPrefix}'s rule, the one {@code check} and the publisher follow
 * @param keepAliveS the MQTT keep-alive in seconds, {@link #KEEP_ALIVE_RANGE}: a broker that hangs with
 *                   the connection open is noticed within about twice this
 */
public record Watch(BrokerAddress broker, String prefix, int keepAliveS) {
    /** What MQTT's keep-alive field holds (0, no keep-alive, would never notice a hung broker). */
    public static final String KEEP_ALIVE_RANGE = "1 to 65535 seconds";

    /**
     * @throws IllegalArgumentException when {@code prefix} is not usable (check with {@link TopicPrefix#problem} first)
     *                                  or {@code keepAliveS} is outside {@link #KEEP_ALIVE_RANGE}
     */
    public Watch {
        prefix = TopicPrefix.require(prefix);
        if (!keepAliveAllowed(keepAliveS)) {
            throw new IllegalArgumentException("keep-alive " + keepAliveS + " is not " + KEEP_ALIVE_RANGE);
        }
    }

    /** With the default keep-alive, 15 s. */
    public Watch(BrokerAddress broker, String prefix) {
        this(broker, prefix, FleetClient.KEEP_ALIVE_S);
    }

    /** {@return whether {@code seconds} is a keep-alive MQTT can carry and that notices a hung broker} */
    public static boolean keepAliveAllowed(int seconds) {
        return seconds >= 1 && seconds <= 65_535;
    }

    /** {@return this watch with another keep-alive} */
    public Watch withKeepAlive(int seconds) {
        return new Watch(broker, prefix, seconds);
    }

    static final String NAME = "commonplace-orchestrator watch";
    /** {@code --once}: the retained picture is complete after this long without a message... */
    static final long QUIET_MS = 300;
    /** ...or this long after the subscription, whichever comes first. */
    static final long LIMIT_MS = 3000;

    private String where() {
        return broker + " under " + prefix;
    }

    /**
     * Prints the retained picture and returns.
     *
     * @return whether the broker could be watched (else one line on {@code err} says why)
     */
    public boolean once(PrintStream out, PrintStream err) throws InterruptedException {
        var fleet = new Fleet(prefix);
        var quiet = new Quiet(Ticker.system(), QUIET_MS, LIMIT_MS);
        FleetClient client = open(new FleetClient.Listener() {
            @Override
            public void message(String topic, byte[] payload) {
                fleet.accept(topic, payload);
                quiet.heard();
            }

            @Override
            public void skipped(long bytes) {
                fleet.tooLarge();
                quiet.heard();
            }

            @Override
            public void lost(String reason) {
                // the picture so far is printed once the quiet spell ends: --once waits for no return
            }

            @Override
            public void back() {
            }
        }, false, err);
        if (client == null) {
            return false;
        }
        try {
            quiet.begin();
            quiet.await();
        } finally {
            client.close();
        }
        FleetTable.lines(fleet.picture(), Instant.now(), where(), false).forEach(out::println);
        out.flush();
        return true;
    }

    /**
     * Shows the fleet until {@code stop} opens: redrawn in place on a terminal, else one line per change.
     *
     * @return whether the broker could be watched (else one line on {@code err} says why)
     */
    public boolean live(boolean terminal, CountDownLatch stop, PrintStream out, PrintStream err) throws InterruptedException {
        var fleet = new Fleet(prefix);
        if (!terminal) {
            FleetClient client = open(new LineView(fleet, broker.toString(), out, err), true, err);
            if (client == null) {
                return false;
            }
            try (client) {
                stop.await();
            }
            return true;
        }
        try (var view = new TerminalView(fleet, broker.toString(), where(), out)) {
            FleetClient client = open(view, true, err);
            if (client == null) {
                return false;
            }
            try (client) {
                view.start();
                stop.await();
            }
        }
        out.println();
        return true;
    }

    private FleetClient open(FleetClient.Listener listener, boolean reconnect, PrintStream err) {
        try {
            return FleetClient.open(broker, prefix, listener, reconnect, keepAliveS);
        } catch (FleetClient.Failure e) {
            err.println(NAME + ": cannot watch the MQTT broker at " + broker + ": " + ControlChars.escape(e.getMessage()));
            return null;
        }
    }
}
