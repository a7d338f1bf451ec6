package org.commonplace.orchestrator.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import java.util.OptionalLong;
import org.commonplace.orchestrator.model.ProcessJson;
import org.commonplace.orchestrator.model.ProcessSnapshot;
import org.commonplace.orchestrator.supervise.SnapshotListener;

/**
 * Each change of a process, as the retained JSON of {@code ps --json} (compact, one line) on its
 * state topic; a process a reload removed has its retained message cleared. Runs on the
 * supervisor's thread: it makes the bytes and leaves them in the outbox, nothing more.
 */
final class StatePublisher implements SnapshotListener {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] CLEARED = new byte[0];

    private final Topics topics;
    private final Outbox outbox;

    StatePublisher(Topics topics, Outbox outbox) {
        this.topics = topics;
        this.outbox = outbox;
    }

    @Override
    public void changed(ProcessSnapshot snapshot) {
        try {
            // Usage (rss, cpu) is measured for ps on demand; a state message is sent on change only.
            outbox.put(topics.state(snapshot.name()),
                    JSON.writeValueAsBytes(ProcessJson.write(snapshot, OptionalLong.empty(), Optional.empty())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a process state did not serialize", e);
        }
    }

    @Override
    public void removed(String name) {
        outbox.put(topics.state(name), CLEARED);
        outbox.put(topics.crash(name), CLEARED);
    }
}
