package org.commonplace.orchestrator.broker;

import io.moquette.broker.Server;
import java.lang.reflect.Constructor;
import java.util.Map;
import java.util.Optional;

/**
 * What persistence ({@code "embedded_broker": {"persistence": DIR}}) reaches inside Moquette 0.17's
 * H2 store: the map where {@link RetainedBudget} keeps the retained messages, and the stored sessions
 * Moquette itself cannot load after a kill -9. The rest of what we reach is {@link MoquetteInternals}'s.
 */
final class MoquetteStore {
    private MoquetteStore() {
    }

    /**
     * With persistence: the map in Moquette's own H2 MVStore where {@link RetainedBudget} keeps the
     * retained messages (Moquette commits that store every {@code autosave_interval}), and a way to
     * save it now (an orderly stop). Empty when the server keeps nothing on disk.
     */
    static Optional<Store> store(Server server) throws ReflectiveOperationException {
        Object builder = MoquetteInternals.field(Server.class, "h2Builder").get(server);
        if (builder == null) {
            return Optional.empty();
        }
        var mvStore = (org.h2.mvstore.MVStore) MoquetteInternals.field(builder.getClass(), "mvStore").get(builder);
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
}
