package org.commonplace.orchestrator.control;

import java.io.Closeable;
import java.io.IOException;

/** What the control threads do without a word when it fails: there is nothing left to tell anyone. */
final class Quietly {
    private Quietly() {
    }

    /** Closes {@code closeable}; a failure to close a socket or the reserve descriptor changes nothing. */
    static void close(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    /** Sleeps {@code ms}; an interrupt ends the sleep early and stays set for the caller's loop to see. */
    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
