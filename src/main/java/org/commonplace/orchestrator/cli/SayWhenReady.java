package org.commonplace.orchestrator.cli;

import java.util.function.Consumer;
import org.commonplace.orchestrator.model.ProcessSnapshot;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.supervise.SnapshotListener;

/**
 * Says the embedded broker's "listening on" line when its process is first ready (it answered a
 * CONNECT with a CONNACK), not when it is decided: said before, it claimed a port that no one yet
 * listened on, and a broker that failed to start was still said to listen. Called on the supervisor
 * thread; it only says one line, once.
 */
final class SayWhenReady implements SnapshotListener {
    private final String name;
    private final String line;
    private final Consumer<String> say;
    private boolean said;

    SayWhenReady(String name, String line, Consumer<String> say) {
        this.name = name;
        this.line = line;
        this.say = say;
    }

    @Override
    public void changed(ProcessSnapshot snapshot) {
        if (!said && snapshot.name().equals(name) && snapshot.state() == ProcessState.RUNNING) {
            said = true;
            say.accept(line);
        }
    }
}
