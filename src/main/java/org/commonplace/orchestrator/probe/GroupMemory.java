package org.commonplace.orchestrator.probe;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.commonplace.orchestrator.spawn.GroupUsage;
import org.commonplace.orchestrator.supervise.MemorySampler;

/**
 * Measures the resident memory of process groups from /proc: one pass over /proc for all of them,
 * on a virtual thread, so the supervisor's loop never waits for the file system.
 */
public final class GroupMemory implements MemorySampler {
    @Override
    public void sample(Collection<Long> pgids, Consumer<Map<Long, Long>> done) {
        Thread.ofVirtual().name("memory").start(() -> {
            var rss = new HashMap<Long, Long>();
            GroupUsage.of(pgids).forEach((pgid, usage) -> rss.put(pgid, usage.rssBytes()));
            done.accept(rss);
        });
    }
}
