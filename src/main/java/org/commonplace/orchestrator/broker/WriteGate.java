package org.commonplace.orchestrator.broker;

import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;

/**
 * The ACL as Moquette is given it: reading as the ACL says; writing always granted to Moquette, the
 * refusal noted for this thread so that {@link DeniedPublishes} routes the message to no one and the
 * sender still gets its acknowledgement (as mosquitto does; Moquette would leave it waiting).
 * Moquette asks {@code canWrite} and then routes on the same session-loop thread, one publish at a
 * time; each {@code canWrite} replaces what the last one noted.
 */
final class WriteGate implements IAuthorizatorPolicy {
    private final IAuthorizatorPolicy acl;
    private final ThreadLocal<String> refusedTopic = new ThreadLocal<>();

    WriteGate(IAuthorizatorPolicy acl) {
        this.acl = acl;
    }

    @Override
    public boolean canRead(Topic topic, String user, String client) {
        return acl.canRead(topic, user, client);
    }

    @Override
    public boolean canWrite(Topic topic, String user, String client) {
        if (acl.canWrite(topic, user, client)) {
            refusedTopic.remove();
        } else {
            refusedTopic.set(topic.toString());
        }
        return true;
    }

    /** {@return whether the publish this thread is routing now, on {@code topic}, was refused} */
    boolean refused(String topic) {
        return topic.equals(refusedTopic.get());
    }
}
