package org.commonplace.orchestrator.broker;

import io.moquette.broker.IRetainedRepository;
import io.moquette.broker.Server;
import io.moquette.broker.subscriptions.ISubscriptionsDirectory;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.function.UnaryOperator;

/**
 * The one place that reaches inside Moquette 0.17, which has no setting for what we need:
 * <ul>
 * <li>its in-memory retained store is made inside {@code Server.startServer} and has no limit, so the
 *     server's post office is handed {@link RetainedBudget} instead;</li>
 * <li>its subscription directory delivers {@code $} topics to wildcard filters, so it is wrapped in
 *     {@link DollarTopics};</li>
 * <li>it re-sends unacknowledged QoS 1 and 2 messages only on a 5 s timer, never at once when a
 *     persistent session reconnects (MQTT 3.1.1 §4.4), so {@link #rememberInFlight} and
 *     {@link #resendInFlight} do that on the session's own loop;</li>
 * <li>it queues messages for a client without a limit, so each session's queue is wrapped in
 *     {@link CappedQueue} as Moquette makes the session;</li>
 * <li>it mishandles what a connection sends before its CONNECT is done, and a CONNECT of a client id
 *     whose old connection it has not finished with, so {@link ConnectOrder} holds those back (it is
 *     told through {@link #listen}'s session-loop hook when Moquette has handled a close);</li>
 * <li>it sends retained QoS 1/2 messages to a new subscriber without RETAIN, so {@link RetainFlag}
 *     sets it;</li>
 * <li>it binds its port inside {@code Server.startServer}, before any of the above could be done,
 *     so it is started with the port disabled and {@link #listen} binds it afterwards;</li>
 * <li>its acceptor's two Netty groups (the accepting thread and the one I/O thread), which {@link #listen}
 *     binds on, are also handed to {@link CoreThreads#watch}, which ends the broker when one of their threads
 *     ends. (A dying session loop needs no reach: Moquette tells its interceptors, {@link CoreThreads} among them.)</li>
 * </ul>
 * So every change is in place before any client connects. What persistence reaches (Moquette's H2
 * store) is {@link MoquetteStore}'s; the capping session pool is {@link CappingPool}.
 * Moquette's version is pinned in the pom; each of these has a test that fails when it stops working.
 */
final class MoquetteInternals {
    private final Object postOffice;
    private final Method routeCommand;
    private final Object registry;
    private final Method retrieve;
    private final Method resend;
    private final Field timeouts;
    private final Field packetId;
    private final Constructor<?> inFlight;
    /** Written and read on the clients' session loops (several threads); at most {@link Conformance#MAX_CLIENTS}. */
    private final Map<String, Set<Object>> inFlightAtDisconnect = new ConcurrentHashMap<>();

    private MoquetteInternals(Server server) throws ReflectiveOperationException {
        postOffice = field(Server.class, "dispatcher").get(server);
        Class<?> office = postOffice.getClass();
        routeCommand = method(office, "routeCommand", String.class, String.class, Callable.class);
        registry = field(office, "sessionRegistry").get(postOffice);
        retrieve = method(registry.getClass(), "retrieve", String.class);
        Class<?> session = Class.forName("io.moquette.broker.Session");
        resend = method(session, "resendInflightNotAcked");
        timeouts = field(session, "inflightTimeouts");
        Class<?> packet = Class.forName("io.moquette.broker.Session$InFlightPacket");
        packetId = field(packet, "packetId");
        inFlight = packet.getDeclaredConstructor(int.class, long.class);
        inFlight.setAccessible(true);
    }

    /**
     * Swaps the retained store and the subscription directory of a started server, and caps every
     * client's queue ({@link CappedQueue}).
     *
     * @param say hears, one line each, which client was cut off for its queue
     * @return its internals, or why not (another Moquette version): then it is not conformant
     */
    static Reach reach(Server server, IRetainedRepository retained, UnaryOperator<ISubscriptionsDirectory> subscriptions,
            java.util.function.Consumer<String> say) {
        try {
            var internals = new MoquetteInternals(server);
            field(internals.postOffice.getClass(), "retainedRepository").set(internals.postOffice, retained);
            Field directory = field(internals.postOffice.getClass(), "subscriptions");
            directory.set(internals.postOffice, subscriptions.apply((ISubscriptionsDirectory) directory.get(internals.postOffice)));
            internals.capQueues(say);
            return new Reach(Optional.of(internals), Optional.empty());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new Reach(Optional.empty(), Optional.of(e.toString()));
        }
    }

    /**
     * Every session Moquette makes goes into its registry's pool by {@code put}, before any message can be
     * routed to it (a message finds its session in that pool); clean sessions get a queue of their own
     * that no repository sees. So the pool is replaced by one whose {@code put} caps the session's queue
     * first, and the sessions already there (persistent ones loaded from the store) are capped now.
     */
    private void capQueues(java.util.function.Consumer<String> say) throws ReflectiveOperationException {
        Class<?> session = Class.forName("io.moquette.broker.Session");
        Field queue = field(session, "sessionQueue");
        Field connection = field(session, "mqttConnection");
        Field channel = field(Class.forName("io.moquette.broker.MQTTConnection"), "channel");
        Field pool = field(registry.getClass(), "pool");
        @SuppressWarnings("unchecked")
        var old = (Map<String, Object>) pool.get(registry);
        var capped = new CappingPool(queue, connection, channel, say);
        old.forEach(capped::put);
        pool.set(registry, capped);
    }

    /**
     * Listens: Moquette is started with its TCP port disabled, so that nothing connects before the
     * swaps above and the retained messages from the store are in place; this binds it as Moquette
     * would have (its acceptor's threads and options, its own pipeline for each connection, the
     * connection factory it builds), with {@code gate}, {@link ConnectOrder} and {@code retainFlag} put
     * just before Moquette's handler in each connection's pipeline.
     *
     * @param config        Moquette's settings with the host and port to bind
     * @param authenticator what Moquette was given, or its default (everyone) when none was
     */
    static void listen(Server server, io.moquette.broker.config.IConfig config,
            io.moquette.broker.security.IAuthenticator authenticator, io.netty.channel.ChannelHandler gate, RetainFlag retainFlag)
            throws ReflectiveOperationException, InterruptedException {
        Object acceptor = field(Server.class, "acceptor").get(server);
        Object sessions = field(Server.class, "sessions").get(server);
        Object office = field(Server.class, "dispatcher").get(server);
        Class<?> brokerConfigType = Class.forName("io.moquette.broker.BrokerConfiguration");
        Object brokerConfig = make(brokerConfigType, new Class<?>[] {io.moquette.broker.config.IConfig.class}, config);
        Class<?> factoryType = Class.forName("io.moquette.broker.MQTTConnectionFactory");
        Object factory = make(factoryType, new Class<?>[] {brokerConfigType, io.moquette.broker.security.IAuthenticator.class,
                sessions.getClass(), office.getClass()}, brokerConfig, authenticator, sessions, office);
        Class<?> handlerType = Class.forName("io.moquette.broker.NewNettyMQTTHandler");
        Object handler = make(handlerType, new Class<?>[] {factoryType}, factory);
        Object timeouts = make(Class.forName("io.moquette.broker.MoquetteIdleTimeoutHandler"), new Class<?>[0]);
        Class<?> timeoutType = timeouts.getClass();
        Method pipeline = method(acceptor.getClass(), "configureMQTTPipeline", io.netty.channel.ChannelPipeline.class, timeoutType,
                handlerType, int.class);
        int flush = (int) method(brokerConfigType, "getBufferFlushMillis").invoke(brokerConfig);
        Class<?> acceptorType = acceptor.getClass();
        Method route = method(office.getClass(), "routeCommand", String.class, String.class, java.util.concurrent.Callable.class);
        var connecting = new ConnectOrder.Connecting((clientId, action) -> {
            try {
                Object result = route.invoke(office, clientId, "commonplace: client id free again", (java.util.concurrent.Callable<String>) () -> {
                    action.run();
                    return null;
                });
                return (boolean) method(result.getClass(), "isSuccess").invoke(result);
            } catch (ReflectiveOperationException e) {
                return false;
            }
        });
        @SuppressWarnings("unchecked")
        var channelType = (Class<? extends io.netty.channel.ServerChannel>) field(acceptorType, "channelClass").get(acceptor);
        var boss = (io.netty.channel.EventLoopGroup) field(acceptorType, "bossGroup").get(acceptor);
        var workers = (io.netty.channel.EventLoopGroup) field(acceptorType, "workerGroup").get(acceptor);
        var bootstrap = new io.netty.bootstrap.ServerBootstrap()
                .group(boss, workers)
                .channel(channelType)
                .childHandler(new io.netty.channel.ChannelInitializer<io.netty.channel.socket.SocketChannel>() {
                    @Override
                    protected void initChannel(io.netty.channel.socket.SocketChannel channel) throws Exception {
                        pipeline.invoke(acceptor, channel.pipeline(), timeouts, handler, flush);
                        channel.pipeline().addBefore("handler", "commonplace-gate", gate);
                        channel.pipeline().addBefore("handler", "commonplace-order", new ConnectOrder(connecting));
                        channel.pipeline().addBefore("handler", "commonplace-retain", retainFlag);
                    }
                })
                .option(io.netty.channel.ChannelOption.SO_BACKLOG, field(acceptorType, "nettySoBacklog").getInt(acceptor))
                .option(io.netty.channel.ChannelOption.SO_REUSEADDR, field(acceptorType, "nettySoReuseaddr").getBoolean(acceptor))
                .childOption(io.netty.channel.ChannelOption.TCP_NODELAY, field(acceptorType, "nettyTcpNodelay").getBoolean(acceptor))
                .childOption(io.netty.channel.ChannelOption.SO_KEEPALIVE, field(acceptorType, "nettySoKeepalive").getBoolean(acceptor));
        bootstrap.bind(config.getProperty("host"), Integer.parseInt(config.getProperty("port"))).sync();
        // Their threads run now: one ending (an Error in its select loop) ends the broker (CoreThreads).
        CoreThreads.watch(boss);
        CoreThreads.watch(workers);
    }

    private static Object make(Class<?> type, Class<?>[] parameters, Object... arguments) throws ReflectiveOperationException {
        Constructor<?> constructor = type.getDeclaredConstructor(parameters);
        constructor.setAccessible(true);
        return constructor.newInstance(arguments);
    }

    /** What {@link #reach} found: the internals, or why they could not be reached. */
    record Reach(Optional<MoquetteInternals> internals, Optional<String> problem) {
    }

    /**
     * When a persistent session's connection ends: on the client's session loop, notes which of its
     * QoS 1/2 messages (and PUBRELs) are still unacknowledged, for {@link #resendInFlight}.
     */
    void rememberInFlight(String clientId) {
        route(clientId, "note in flight at disconnect", session -> {
            Set<Object> waiting = Collections.newSetFromMap(new IdentityHashMap<>());
            waiting.addAll(Arrays.asList(((DelayQueue<?>) timeouts.get(session)).toArray()));
            if (waiting.isEmpty()) {
                inFlightAtDisconnect.remove(clientId);
            } else if (inFlightAtDisconnect.size() < Conformance.MAX_CLIENTS) {
                inFlightAtDisconnect.put(clientId, waiting);
            }
        });
    }

    /**
     * When a persistent session reconnects: on the client's session loop, what {@link #rememberInFlight}
     * noted and is still unacknowledged is sent again now, with its packet id and DUP set (MQTT 3.1.1
     * §4.4), instead of after Moquette's own 5 s timer; what Moquette just sent from its offline queue
     * is not sent twice.
     */
    void resendInFlight(String clientId) {
        route(clientId, "resend in flight on reconnect", session -> {
            Set<Object> noted = inFlightAtDisconnect.remove(clientId);
            if (noted == null) {
                return;
            }
            @SuppressWarnings("unchecked")
            var queue = (DelayQueue<Delayed>) timeouts.get(session);
            for (Object packet : queue.toArray()) {
                if (noted.contains(packet) && queue.remove(packet)) {
                    queue.add((Delayed) inFlight.newInstance(packetId.getInt(packet), 0L));
                }
            }
            resend.invoke(session);
        });
    }

    private interface SessionAction {
        void run(Object session) throws ReflectiveOperationException;
    }

    private void route(String clientId, String what, SessionAction action) {
        try {
            routeCommand.invoke(postOffice, clientId, what, (Callable<String>) () -> {
                Object session = retrieve.invoke(registry, clientId);
                if (session != null) {
                    action.run(session);
                }
                return null;
            });
        } catch (ReflectiveOperationException e) {
            // Moquette's own timer still re-sends them within 10 s
        }
    }

    /** {@return Moquette's private field {@code name} of {@code type}, made accessible} */
    static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    private static Method method(Class<?> type, String name, Class<?>... parameters) throws NoSuchMethodException {
        Method method = type.getDeclaredMethod(name, parameters);
        method.setAccessible(true);
        return method;
    }
}
