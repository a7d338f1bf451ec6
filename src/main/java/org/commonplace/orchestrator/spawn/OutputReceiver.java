package org.commonplace.orchestrator.spawn;

/**
 * Takes the bytes a child writes to one of its streams. Called by one thread at a time, in order.
 * The bytes are the caller's: copy what you keep before returning.
 */
public interface OutputReceiver {
    /** The next bytes of the stream. */
    void feed(byte[] bytes, int off, int len);

    /** The stream has ended. */
    void finish();
}
