package org.commonplace.orchestrator.output;

/**
 * What an orchestrator line is about, for {@code --log-format json}: an event name ({@code started},
 * {@code exited}, {@code restarting}, {@code stopping}, {@code stopped}, {@code ready}; else
 * {@code message}) and the facts that go with it. In text the message says it all.
 *
 * @param event    the event's name
 * @param process  the process it is about, or null (the orchestrator itself)
 * @param pid      the process's pid, or null
 * @param exitCode its exit code, or null
 * @param signal   the signal that ended it or is sent to it ({@code SIGTERM}), or null
 * @param delayMs  how long until it is restarted, or null
 */
public record Fields(String event, String process, Long pid, Integer exitCode, String signal, Long delayMs) {
    /** A line that is only a message. */
    public static final Fields MESSAGE = new Fields("message", null, null, null, null, null);

    public static Fields of(String event, String process) {
        return new Fields(event, process, null, null, null, null);
    }

    public Fields pid(long value) {
        return new Fields(event, process, value, exitCode, signal, delayMs);
    }

    public Fields exitCode(int value) {
        return new Fields(event, process, pid, value, signal, delayMs);
    }

    public Fields signal(String value) {
        return new Fields(event, process, pid, exitCode, value, delayMs);
    }

    public Fields delayMs(long value) {
        return new Fields(event, process, pid, exitCode, signal, value);
    }
}
