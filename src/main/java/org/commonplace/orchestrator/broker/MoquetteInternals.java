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
 *     {@link #resendInFlight} do that on the session's own loop.</li>
 * </ul>
 * Both swaps happen before any client connects (the caller makes them before saying it listens).
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
     * Swaps the retained store and the subscription directory of a started server.
     *
     * @return its internals, or why not (another Moquette version): then it is not conformant
     */
    static Reach reach(Server server, IRetainedRepository retained, UnaryOperator<ISubscriptionsDirectory> subscriptions) {
        try {
            var internals = new MoquetteInternals(server);
            field(internals.postOffice.getClass(), "retainedRepository").set(internals.postOffice, retained);
            Field directory = field(internals.postOffice.getClass(), "subscriptions");
            directory.set(internals.postOffice, subscriptions.apply((ISubscriptionsDirectory) directory.get(internals.postOffice)));
            return new Reach(Optional.of(internals), Optional.empty());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new Reach(Optional.empty(), Optional.of(e.toString()));
        }
    }

    /**
     * With persistence: the map in Moquette's own H2 MVStore where {@link RetainedBudget} keeps the
     * retained messages (Moquette commits that store every {@code autosave_interval}), and a way to
     * save it now (an orderly stop). Empty when the server keeps nothing on disk.
     */
    static Optional<Store> store(Server server) throws ReflectiveOperationException {
        Object builder = field(Server.class, "h2Builder").get(server);
        if (builder == null) {
            return Optional.empty();
        }
        var mvStore = (org.h2.mvstore.MVStore) field(builder.getClass(), "mvStore").get(builder);
        Map<String, byte[]> retained = mvStore.openMap(RETAINED_MAP);
        return Optional.of(new Store(retained, mvStore::commit));
    }

    /**
     * With persistence, before the server starts: Moquette 0.17 stores a persistent session without
     * its expiry instant, adds it only in memory when the client goes, and writes it to the store only
     * at an orderly stop; after a kill -9 it then refuses to load that session ("Can't track for
     * expiration a session without expiry instant") and cannot start at all. So every stored session
     * without one is given its expiry counted from now, as Moquette itself would at a disconnect.
     *
     * @return how many sessions were repaired
     */
    static int repairSessions(java.nio.file.Path storeFile) throws ReflectiveOperationException {
        if (!java.nio.file.Files.exists(storeFile)) {
            return 0;
        }
        var store = new org.h2.mvstore.MVStore.Builder().fileName(storeFile.toString()).autoCommitDisabled().open();
        try {
            Constructor<?> make = Class.forName("io.moquette.persistence.H2SessionsRepository")
                    .getDeclaredConstructor(org.h2.mvstore.MVStore.class, java.time.Clock.class);
            make.setAccessible(true);
            var sessions = (io.moquette.broker.ISessionsRepository) make.newInstance(store, java.time.Clock.systemUTC());
            int repaired = 0;
            for (var data : sessions.list()) {
                if (data.expireAt().isEmpty()) {
                    sessions.saveSession(data.withExpirationComputed());
                    repaired++;
                }
            }
            store.commit();
            return repaired;
        } finally {
            store.close();
        }
    }

    /** The name of our map of retained messages in Moquette's store (Moquette's own retained map is left unused). */
    static final String RETAINED_MAP = "commonplace_retained";

    /** What {@link #store} found. */
    record Store(Map<String, byte[]> retained, Runnable save) {
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

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
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
