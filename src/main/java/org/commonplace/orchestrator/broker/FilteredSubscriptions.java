package org.commonplace.orchestrator.broker;

import io.moquette.broker.ISubscriptionsRepository;
import io.moquette.broker.subscriptions.ISubscriptionsDirectory;
import io.moquette.broker.subscriptions.Subscription;
import io.moquette.broker.subscriptions.Topic;
import java.util.List;
import java.util.Set;

/**
 * Moquette's subscription directory with the matches of a publish passed through {@link #keep}: the
 * one seam where our rules decide who gets a message ({@link DollarTopics}, {@link DeniedPublishes}).
 * Every other call goes to Moquette's own directory unchanged.
 */
abstract class FilteredSubscriptions implements ISubscriptionsDirectory {
    private final ISubscriptionsDirectory inner;

    FilteredSubscriptions(ISubscriptionsDirectory inner) {
        this.inner = inner;
    }

    /** {@return those of {@code matched} that get a message published on {@code topic}} */
    abstract List<Subscription> keep(Topic topic, List<Subscription> matched);

    @Override
    public final List<Subscription> matchQosSharpening(Topic topic) {
        return keep(topic, inner.matchQosSharpening(topic));
    }

    @Override
    public final List<Subscription> matchWithoutQosSharpening(Topic topic) {
        return keep(topic, inner.matchWithoutQosSharpening(topic));
    }

    @Override
    public final void init(ISubscriptionsRepository repository) {
        inner.init(repository);
    }

    @Override
    public final Set<String> listAllSessionIds() {
        return inner.listAllSessionIds();
    }

    @Override
    public final void add(Subscription subscription) {
        inner.add(subscription);
    }

    @Override
    public final void removeSubscription(Topic topic, String clientId) {
        inner.removeSubscription(topic, clientId);
    }

    @Override
    public final int size() {
        return inner.size();
    }

    @Override
    public final String dumpTree() {
        return inner.dumpTree();
    }
}
