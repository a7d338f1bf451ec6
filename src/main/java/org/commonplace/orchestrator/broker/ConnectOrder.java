package org.commonplace.orchestrator.broker;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Hands Moquette 0.17 a connection's packets only once it is ready for them. Moquette handles a
 * CONNECT on a session loop, writes the CONNACK from there, and only then, in a listener that the
 * connection's own I/O thread may run later, marks the connection connected; every packet it reads
 * before that is mishandled: a SUBSCRIBE closes the connection ("SUBSCRIBE received on already closed
 * connection": the client sees EOF), a DISCONNECT is ignored (so its will is published all the same),
 * a PUBLISH or PUBACK may be dropped or close the connection. A client that sends at once after its
 * CONNACK (or before, as MQTT 3.1.1 §3.1.4 allows) met it whenever the session loop's thread was
 * slow to add that listener: on a loaded machine, a test client's reconnection. And a second CONNECT
 * of the same client id, read while the first is still half done, let the first one's late listener
 * take the session that the second had just taken over, and the second was then closed. And a CONNECT
 * of a client id whose old connection still had packets on their way (a PUBACK, its close) was handled
 * first: Moquette ended the old session and freed what it had in flight, then handled the old PUBACK on
 * that freed message, which threw on the session loop and ended its thread; no client was answered after.
 *
 * <p>So, one per connection, just before Moquette's handler: after a CONNECT, whatever else the
 * connection sends waits here (reading paused) until Moquette calls the connection connected, or it
 * closes. And a client id belongs to one connection at a time, from its CONNECT until Moquette's session
 * loop has handled everything that connection sent, its close included: a CONNECT of an id that another
 * connection holds waits for that; when the other is connected and open, it is closed first (the
 * take-over that MQTT 3.1.1 §3.1.4 asks for, which Moquette would do a step too late). Every wait ends
 * after {@link #MAX_CONNECTING_NANOS}. Runs on the connection's I/O thread; what waits is at most
 * {@link #MAX_WAITING} packets.
 *
 * <p>And nothing a connection sends after its DISCONNECT reaches Moquette (it is released here): MQTT
 * 3.1.1 §3.14.4 says the client sends nothing more and the server closes the connection. Moquette 0.17
 * handled it all the same: a PUBACK in the DISCONNECT's own write, of the message the session had in
 * flight, freed that message a second time (the DISCONNECT had ended the session and freed it), which
 * threw on the session loop and ended its thread, and so the broker's process ({@link CoreThreads}).
 */
final class ConnectOrder extends ChannelInboundHandlerAdapter {
    /** Packets held for one connection while its CONNECT is half done; a client sending more is closed. */
    static final int MAX_WAITING = 4096;
    /** How long a CONNECT may stay half done (Moquette's session loop full, say) before its connection is closed. */
    static final long MAX_CONNECTING_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** When a waiting connection first looks again (the wait is normally well under a millisecond); each later look waits twice as long. */
    private static final long FIRST_RECHECK_MICROS = 500;
    /** The longest wait between two looks (a CONNECT Moquette never answers is looked at for 30 s, not spun on). */
    private static final long MAX_RECHECK_MICROS = 50_000;

    /** Runs an action on the session loop of a client id, after every command already routed there. */
    interface SessionLoops {
        /** {@return false when it could not be routed (the loop's queue full): then it does not run} */
        boolean after(String clientId, Runnable action);
    }

    /**
     * Which connection holds a client id, from its CONNECT until Moquette has handled its close: shared by
     * every connection of one broker. At most one entry per open connection, and one per closed one for as
     * long as its close waits on the session loop.
     */
    static final class Connecting {
        private final ConcurrentMap<String, Channel> byClientId = new ConcurrentHashMap<>();
        private final Method isConnected;
        private final SessionLoops loops;

        /** @throws ReflectiveOperationException when Moquette is not the version this was written for */
        Connecting(SessionLoops loops) throws ReflectiveOperationException {
            this.loops = loops;
            isConnected = Class.forName("io.moquette.broker.MQTTConnection").getDeclaredMethod("isConnected");
            isConnected.setAccessible(true);
        }

        /** {@return whether Moquette's connection on {@code channel} is connected (its CONNACK listener has run)} */
        boolean connected(Channel channel) {
            Object connection = channel.attr(CONNECTION).get();
            try {
                return connection != null && (boolean) isConnected.invoke(connection);
            } catch (ReflectiveOperationException e) {
                return true; // cannot tell: let everything through, as Moquette alone would
            }
        }

        int size() {
            return byClientId.size();
        }
    }

    /** Where Moquette's {@code NewNettyMQTTHandler} keeps the channel's connection. */
    private static final AttributeKey<Object> CONNECTION = AttributeKey.valueOf("connection");

    private enum State { BEFORE_CONNECT, CONNECT_WAITING, CONNECTING, OPEN }

    private final Connecting connecting;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private State state = State.BEFORE_CONNECT;
    /** A DISCONNECT has been read: whatever comes after it is dropped. */
    private boolean disconnected;
    /** The client id this connection holds in {@link Connecting}, or null. */
    private String holding;
    private long since;
    private boolean rechecking;
    private long recheckMicros = FIRST_RECHECK_MICROS;

    ConnectOrder(Connecting connecting) {
        this.connecting = connecting;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (disconnected) {
            ReferenceCountUtil.release(message); // §3.14.4: nothing after a DISCONNECT
            return;
        }
        disconnected = message instanceof MqttMessage mqtt && mqtt.fixedHeader() != null
                && mqtt.fixedHeader().messageType() == MqttMessageType.DISCONNECT;
        switch (state) {
            case OPEN -> context.fireChannelRead(message);
            case BEFORE_CONNECT -> {
                if (message instanceof MqttConnectMessage) {
                    state = State.CONNECT_WAITING;
                    since = System.nanoTime();
                    hold(context, message);
                    advance(context);
                } else {
                    context.fireChannelRead(message); // Moquette closes a connection that does not start with CONNECT
                }
            }
            default -> hold(context, message);
        }
    }

    private void hold(ChannelHandlerContext context, Object message) {
        if (waiting.size() >= MAX_WAITING) {
            ReferenceCountUtil.release(message);
            context.close();
            return;
        }
        waiting.add(message);
        context.channel().config().setAutoRead(false);
    }

    /** Moves on as far as it can now; if it must wait, looks again shortly. */
    private void advance(ChannelHandlerContext context) {
        if (!context.channel().isActive()) {
            return; // channelInactive lets go of everything
        }
        if (state == State.CONNECT_WAITING) {
            var connect = (MqttConnectMessage) waiting.peek();
            String id = connect.payload().clientIdentifier();
            // An empty id gets a fresh one from Moquette: no other connection can have it.
            if (id == null || id.isEmpty() || take(id, context.channel())) {
                state = State.CONNECTING;
                context.fireChannelRead(waiting.poll());
            }
        }
        if (state == State.CONNECTING && connecting.connected(context.channel())) {
            state = State.OPEN;
            while (!waiting.isEmpty() && context.channel().isActive()) {
                context.fireChannelRead(waiting.poll());
            }
            context.fireChannelReadComplete();
            context.channel().config().setAutoRead(true);
            return;
        }
        if (System.nanoTime() - since > MAX_CONNECTING_NANOS) {
            context.close();
            return;
        }
        if (!rechecking) {
            rechecking = true;
            context.executor().schedule(() -> {
                rechecking = false;
                advance(context);
            }, recheckMicros, TimeUnit.MICROSECONDS);
            recheckMicros = Math.min(MAX_RECHECK_MICROS, recheckMicros * 2);
        }
    }

    /**
     * {@return whether {@code channel} now holds {@code id}: no other connection does} When another
     * connected one does and is open, it is closed here (its close then goes through Moquette's session
     * loop, after which it lets go of the id).
     */
    private boolean take(String id, Channel channel) {
        Channel other = connecting.byClientId.putIfAbsent(id, channel);
        if (other == null || other == channel) {
            holding = id;
            return true;
        }
        if (other.isActive() && connecting.connected(other)) {
            other.close();
        }
        return false;
    }

    /**
     * Lets go of the client id once Moquette's session loop has handled everything routed for this
     * connection so far (on its close: its last packets and the close itself). At once when that
     * cannot be routed; the waiting CONNECT's own limit covers a loop that never gets to it.
     */
    private void releaseAfterSessionLoop(Channel channel) {
        String id = holding;
        if (id == null) {
            return;
        }
        holding = null;
        if (!connecting.loops.after(id, () -> connecting.byClientId.remove(id, channel))) {
            connecting.byClientId.remove(id, channel);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        if (state == State.OPEN || state == State.BEFORE_CONNECT) {
            context.fireChannelReadComplete();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        while (!waiting.isEmpty()) {
            ReferenceCountUtil.release(waiting.poll());
        }
        super.channelInactive(context); // Moquette routes the close to the session loop
        releaseAfterSessionLoop(context.channel());
    }
}
