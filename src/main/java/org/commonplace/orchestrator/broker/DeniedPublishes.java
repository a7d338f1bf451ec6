package org.commonplace.orchestrator.broker;

import io.moquette.broker.ISubscriptionsRepository;
import io.moquette.broker.subscriptions.ISubscriptionsDirectory;
import io.moquette.broker.subscriptions.Subscription;
import io.moquette.broker.subscriptions.Topic;
import java.util.List;
import java.util.Set;

/**
 * Moquette's subscriptions, matching nothing for a publish the ACL refused its sender. Moquette 0.17
 * never acknowledges a QoS 1/2 publish its ACL refuses, so the sender waits for a PUBACK that never
 * comes and its in-flight window fills; mosquitto acknowledges and drops it. So {@link WriteGate}
 * grants every publish to Moquette and notes the refusal, and this directory, asked on the same
 * thread right after, routes the refused one to no one. Every other call goes to the inner directory.
 */
final class DeniedPublishes implements ISubscriptionsDirectory {
    private final ISubscriptionsDirectory inner;
    private final WriteGate gate;

    DeniedPublishes(ISubscriptionsDirectory inner, WriteGate gate) {
        this.gate = gate;
        this.inner = inner;
    }

    private List<Subscription> keep(Topic topic, List<Subscription> matched) {
        return gate.refused(topic.toString()) ? List.of() : matched;
    }

    @Override
    public List<Subscription> matchQosSharpening(Topic topic) {
        return keep(topic, inner.matchQosSharpening(topic));
    }

    @Override
    public List<Subscription> matchWithoutQosSharpening(Topic topic) {
        return keep(topic, inner.matchWithoutQosSharpening(topic));
    }

    @Override
    public void init(ISubscriptionsRepository repository) {
        inner.init(repository);
    }

    @Override
    public Set<String> listAllSessionIds() {
        return inner.listAllSessionIds();
    }

    @Override
    public void add(Subscription subscription) {
        inner.add(subscription);
    }

    @Override
    public void removeSubscription(Topic topic, String clientId) {
        inner.removeSubscription(topic, clientId);
    }

    @Override
    public int size() {
        return inner.size();
    }

    @Override
    public String dumpTree() {
        return inner.dumpTree();
    }
}
