package org.commonplace.orchestrator.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.function.Consumer;
import org.commonplace.orchestrator.model.CrashJson;
import org.commonplace.orchestrator.model.CrashReport;

/**
 * Each crash report, as retained compact JSON ({@link CrashJson}: exit, time, restarts and the last
 * lines, bounded in bytes) on the process's crash topic; the latest only, kept in the outbox like a
 * state. Never blocks. A process a reload removed has it cleared ({@link StatePublisher#removed}).
 */
final class CrashPublisher implements Consumer<CrashReport> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Topics topics;
    private final Outbox outbox;

    CrashPublisher(Topics topics, Outbox outbox) {
        this.topics = topics;
        this.outbox = outbox;
    }

    @Override
    public void accept(CrashReport report) {
        try {
            outbox.put(topics.crash(report.name()), JSON.writeValueAsBytes(CrashJson.write(report)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a crash report did not serialize", e);
        }
    }
}
