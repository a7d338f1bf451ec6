package org.commonplace.orchestrator.broker;

import io.moquette.broker.IRetainedRepository;
import io.moquette.broker.Server;
import java.lang.reflect.Field;

/**
 * The one place that reaches inside Moquette 0.17: its in-memory retained store is made inside
 * {@code Server.startServer} and has no limit and no setting, so after the start the server's
 * post office is handed {@link RetainedBudget} instead. Before any client connects (the caller
 * swaps it before saying it listens), so nothing was retained in the old one.
 */
final class MoquetteInternals {
    private MoquetteInternals() {
    }

    /** {@return empty when the store was replaced, else why not (another Moquette version)} */
    static java.util.Optional<String> useRetained(Server server, IRetainedRepository retained) {
        try {
            Object postOffice = field(Server.class, "dispatcher").get(server);
            field(postOffice.getClass(), "retainedRepository").set(postOffice, retained);
            return java.util.Optional.empty();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return java.util.Optional.of(e.toString());
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }
}
