package org.commonplace.orchestrator.broker;

import io.moquette.broker.subscriptions.ISubscriptionsDirectory;
import io.moquette.broker.subscriptions.Subscription;
import io.moquette.broker.subscriptions.Topic;
import java.util.List;

/**
 * Moquette's subscriptions, less what MQTT 3.1.1 §4.7.2 forbids: a topic filter that starts with a
 * wildcard ({@code #}, {@code +/...}) must not match a topic that starts with {@code $}. Moquette 0.17
 * delivered {@code $TopicA/B} to a {@code #} subscriber (Paho's {@code dollar_topics} test). Every
 * other call goes to Moquette's own directory unchanged ({@link FilteredSubscriptions}).
 */
final class DollarTopics extends FilteredSubscriptions {
    DollarTopics(ISubscriptionsDirectory inner) {
        super(inner);
    }

    /** {@return whether a message on {@code topic} may go to a subscription on {@code filter}} */
    static boolean mayMatch(String topic, String filter) {
        return !topic.startsWith("$") || !(filter.startsWith("#") || filter.startsWith("+"));
    }

    @Override
    List<Subscription> keep(Topic topic, List<Subscription> matched) {
        String name = topic.toString();
        if (!name.startsWith("$")) {
            return matched;
        }
        return matched.stream().filter(s -> mayMatch(name, s.getTopicFilter().toString())).toList();
    }
}
