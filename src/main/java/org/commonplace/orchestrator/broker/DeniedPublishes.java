package org.commonplace.orchestrator.broker;

import io.moquette.broker.subscriptions.ISubscriptionsDirectory;
import io.moquette.broker.subscriptions.Subscription;
import io.moquette.broker.subscriptions.Topic;
import java.util.List;

/**
 * Moquette's subscriptions, matching nothing for a publish the ACL refused its sender. Moquette 0.17
 * never acknowledges a QoS 1/2 publish its ACL refuses, so the sender waits for a PUBACK that never
 * comes and its in-flight window fills; mosquitto acknowledges and drops it. So {@link WriteGate}
 * grants every publish to Moquette and notes the refusal, and this directory, asked on the same
 * thread right after, routes the refused one to no one. Every other call goes to the inner directory ({@link FilteredSubscriptions}).
 */
final class DeniedPublishes extends FilteredSubscriptions {
    private final WriteGate gate;

    DeniedPublishes(ISubscriptionsDirectory inner, WriteGate gate) {
        super(inner);
        this.gate = gate;
    }

    @Override
    List<Subscription> keep(Topic topic, List<Subscription> matched) {
        return gate.refused(topic.toString()) ? List.of() : matched;
    }
}
