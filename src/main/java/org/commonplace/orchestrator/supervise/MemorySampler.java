package org.commonplace.orchestrator.supervise;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.commonplace.orchestrator.spawn.GroupUsage;

/**
 * Measures the resident memory of whole process groups, off the loop thread: the one sampler behind
 * every {@code max_memory_mb}.
 */
public interface MemorySampler {
    /**
     * Measures the groups led by {@code pgids} and hands {@code done} (from any thread, once) the
     * summed RSS of each group's members in bytes; a group that is gone is absent.
     */
    void sample(Collection<Long> pgids, Consumer<Map<Long, Long>> done);

    /** {@return the sampler that reads /proc (one pass for all groups) on a virtual thread} */
    static MemorySampler proc() {
        return (pgids, done) -> Thread.ofVirtual().name("memory").start(() -> {
            var rss = new HashMap<Long, Long>();
            GroupUsage.of(pgids).forEach((pgid, usage) -> rss.put(pgid, usage.rssBytes()));
            done.accept(rss);
        });
    }
}
