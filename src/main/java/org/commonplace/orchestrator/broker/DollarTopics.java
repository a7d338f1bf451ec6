package org.commonplace.orchestrator.broker;

import io.moquette.broker.ISubscriptionsRepository;
import io.moquette.broker.subscriptions.ISubscriptionsDirectory;
import io.moquette.broker.subscriptions.Subscription;
import io.moquette.broker.subscriptions.Topic;
import java.util.List;
import java.util.Set;

/**
 * Moquette's subscriptions, less what MQTT 3.1.1 §4.7.2 forbids: a topic filter that starts with a
 * wildcard ({@code #}, {@code +/...}) must not match a topic that starts with {@code $}. Moquette 0.17
 * delivered {@code $TopicA/B} to a {@code #} subscriber (Paho's {@code dollar_topics} test). Every
 * other call goes to Moquette's own directory unchanged.
 */
final class DollarTopics implements ISubscriptionsDirectory {
    private final ISubscriptionsDirectory inner;

    DollarTopics(ISubscriptionsDirectory inner) {
        this.inner = inner;
    }

    /** {@return whether a message on {@code topic} may go to a subscription on {@code filter}} */
    static boolean mayMatch(String topic, String filter) {
        return !topic.startsWith("$") || !(filter.startsWith("#") || filter.startsWith("+"));
    }

    private static List<Subscription> keep(Topic topic, List<Subscription> matched) {
        String name = topic.toString();
        if (!name.startsWith("$")) {
            return matched;
        }
        return matched.stream().filter(s -> mayMatch(name, s.getTopicFilter().toString())).toList();
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
