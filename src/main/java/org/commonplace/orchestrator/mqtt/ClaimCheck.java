package org.commonplace.orchestrator.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Whether another orchestrator holds our instance name on the broker, asked on each connection
 * before anything of the instance is published: two orchestrators with one name would publish over
 * each other's states, and the one that stops would say {@code offline} for the one that runs.
 *
 * <p>How: subscribe to our status and claim topics (the broker sends what is retained there), then
 * publish our claim, not retained, on the claim topic. The broker keeps the order of one topic, and
 * sends the retained messages of a subscription before what is published after it, so once our own
 * claim comes back, the retained status and claim have come before it. The name is taken when the
 * status says {@code online} and the claim is not ours: not when it is {@code offline} (a clean
 * stop, or the last will of one that died), nor when the claim names a process of this host that
 * is gone (a status left {@code online} by a broker that lost the will). An {@code online} with no
 * claim (an orchestrator before claims, or a hand-made message) counts as taken at the first
 * connection; at a reconnect it is our own, left by a broker that restarted with our status but not
 * our claim (or whose retained claim comes after our echo: the embedded broker does not keep that
 * order), since another orchestrator would have claimed the name. Two orchestrators
 * that check at the same moment see each other's unretained claim: the one with the smaller session
 * id goes on.
 *
 * <p>Fed on the client's thread ({@link #offer}), awaited on the fabric's ({@link #verdict}).
 */
final class ClaimCheck {
    /** What the check found. */
    sealed interface Verdict {
        /** Nobody else holds the name. */
        record Free() implements Verdict {
        }

        /** @param holder who holds it, for a line ("host vm, pid 42, …"), or a sentence when no claim says */
        record Taken(String holder) implements Verdict {
        }

        /** Our claim never came back (an ACL that hides our own topics from us): we cannot tell. */
        record Unknown(String why) implements Verdict {
        }
    }

    private final Topics topics;
    private final Claim ours;
    private final CountDownLatch echoed = new CountDownLatch(1);
    private volatile boolean listening = true;
    private volatile boolean online;
    private volatile Claim held;
    private volatile Claim rival;
    private final boolean heldBefore;

    /** @param heldBefore whether this run has held the name already (a reconnect), so an unclaimed online is ours */
    ClaimCheck(Topics topics, Claim ours, boolean heldBefore) {
        this.topics = topics;
        this.ours = ours;
        this.heldBefore = heldBefore;
    }

    /** {@return the topics the check listens to, to subscribe to before {@link #verdict}} */
    java.util.List<String> filters() {
        return java.util.List.of(topics.status(), topics.claim());
    }

    /**
     * Hears a message (on the client's thread).
     *
     * @return whether it was on our status or claim topic, which nothing else of ours reads
     */
    boolean offer(Inbound message) {
        boolean status = message.topic().equals(topics.status());
        if (!status && !message.topic().equals(topics.claim())) {
            return false;
        }
        if (!listening) {
            return true;
        }
        if (status) {
            online = Topics.ONLINE.equals(new String(message.payload(), StandardCharsets.UTF_8));
            return true;
        }
        Optional<Claim> claim = Claim.parse(message.payload());
        if (claim.isEmpty()) {
            return true;
        }
        if (claim.get().session().equals(ours.session())) {
            if (!message.retained()) {
                echoed.countDown();
            } else {
                held = claim.get();
            }
        } else if (message.retained()) {
            held = claim.get();
        } else {
            rival = claim.get(); // another orchestrator checking the same name right now
        }
        return true;
    }

    /**
     * Publishes our claim unretained and waits, at most {@code timeoutMs}, for it to come back.
     *
     * @throws java.io.IOException when the connection fails meanwhile
     */
    Verdict verdict(BrokerSession session, long timeoutMs) throws java.io.IOException, InterruptedException {
        session.publish(topics.claim(), ours.json(), false, timeoutMs);
        boolean back = echoed.await(timeoutMs, TimeUnit.MILLISECONDS);
        listening = false;
        if (!back) {
            if (!session.connected()) {
                throw new java.io.IOException("the connection closed");
            }
            return new Verdict.Unknown("our claim on " + topics.claim() + " did not come back within " + timeoutMs
                    + " ms (may we read it?)");
        }
        Claim holder = held;
        if (online && (holder == null || !holder.session().equals(ours.session()))) {
            if (holder == null && !heldBefore) {
                return new Verdict.Taken("no claim says where it runs; " + topics.status() + " says online");
            }
            if (holder != null && !(holder.host().equals(ours.host()) && ProcessHandle.of(holder.pid()).isEmpty())) {
                return new Verdict.Taken(holder.where());
            }
        }
        Claim other = rival;
        if (other != null && other.session().compareTo(ours.session()) < 0) {
            return new Verdict.Taken(other.where() + ", starting at this moment too");
        }
        return new Verdict.Free();
    }
}
