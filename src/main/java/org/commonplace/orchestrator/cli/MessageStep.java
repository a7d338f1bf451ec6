package org.commonplace.orchestrator.cli;

import java.time.Duration;
import java.util.List;
import org.commonplace.orchestrator.config.ReadyCheck;
import org.commonplace.orchestrator.output.Console;
import org.commonplace.orchestrator.probe.MessageBoard;
import org.commonplace.orchestrator.supervise.ManagedProcess;

/**
 * Before the first process starts: the topics of the {@code mqtt_message} ready checks are subscribed,
 * so that what a process publishes once started arrives live (see {@link MessageBoard}). Waited for at
 * most {@link #WAIT}, and only when the broker is not one of the processes (then it cannot answer yet).
 */
final class MessageStep {
    static final Duration WAIT = Duration.ofSeconds(5);

    private MessageStep() {
    }

    static void subscribe(RunPlan plan, MessageBoard board, Console console) throws InterruptedException {
        List<String> topics = plan.processes().stream().map(ManagedProcess::ready).flatMap(java.util.Optional::stream)
                .filter(r -> r.check() instanceof ReadyCheck.MqttMessage)
                .map(r -> ((ReadyCheck.MqttMessage) r.check()).topic()).distinct().toList();
        if (topics.isEmpty()) {
            return;
        }
        topics.forEach(board::listen);
        if (plan.brokerProcess().isPresent()) {
            return; // it answers only once its process runs; the subscription follows as soon as it does
        }
        if (!board.awaitSubscribed(WAIT)) {
            console.info("MQTT: not yet subscribed to " + String.join(", ", topics) + " on " + plan.broker() + " ("
                    + board.trouble().orElse("slow") + "); a process ready on a message may miss one published before"
                    + " the subscription is made");
        }
    }
}
