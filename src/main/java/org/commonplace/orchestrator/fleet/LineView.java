package org.commonplace.orchestrator.fleet;

import java.io.PrintStream;
import org.commonplace.orchestrator.output.ControlChars;

/**
 * Live mode off a terminal (a pipe, a file, a script): one line on stdout per change, as {@link
 * Fleet#accept} words it; the broker's loss and return on stderr, so a script that reads stdout
 * sees only states.
 */
final class LineView implements FleetClient.Listener {
    private final Fleet fleet;
    private final String broker;
    private final PrintStream out;
    private final PrintStream err;

    LineView(Fleet fleet, String broker, PrintStream out, PrintStream err) {
        this.fleet = fleet;
        this.broker = broker;
        this.out = out;
        this.err = err;
    }

    @Override
    public void message(String topic, byte[] payload) {
        fleet.accept(topic, payload).ifPresent(line -> {
            out.println(line);
            out.flush();
        });
    }

    @Override
    public void skipped(long bytes) {
        fleet.tooLarge();
    }

    @Override
    public void lost(String reason) {
        err.println(Watch.NAME + ": lost the MQTT broker at " + broker + " (" + ControlChars.escape(reason) + "); reconnecting");
    }

    @Override
    public void back() {
        err.println(Watch.NAME + ": the MQTT broker at " + broker + " is back");
    }
}
