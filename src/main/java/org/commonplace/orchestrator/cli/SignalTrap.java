package org.commonplace.orchestrator.cli;

import java.util.function.Consumer;
import sun.misc.Signal;

/**
 * Turns SIGINT, SIGTERM and SIGHUP into stop requests instead of the JVM's default (run shutdown
 * hooks and exit, which would leave children behind). {@code sun.misc.Signal} is the JDK's only
 * way to catch a signal; it is supported (module jdk.unsupported) and has no replacement yet.
 */
final class SignalTrap {
    private SignalTrap() {
    }

    /** Installs the handlers; {@code onSignal} gets "SIGINT", "SIGTERM" or "SIGHUP" on a JVM signal thread. */
    static void install(Consumer<String> onSignal) {
        for (String name : new String[] {"INT", "TERM", "HUP"}) {
            Signal.handle(new Signal(name), s -> onSignal.accept("SIG" + s.getName()));
        }
    }
}
