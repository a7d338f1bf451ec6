package org.commonplace.orchestrator.supervise;

import java.util.Collection;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Measures the resident memory of whole process groups, off the loop thread: the one sampler behind
 * every {@code max_memory_mb} ({@code probe.GroupMemory} reads /proc).
 */
public interface MemorySampler {
    /**
     * Measures the groups led by {@code pgids} and hands {@code done} (from any thread, once) the
     * summed RSS of each group's members in bytes; a group that is gone is absent.
     */
    void sample(Collection<Long> pgids, Consumer<Map<Long, Long>> done);

    /** {@return a sampler that finds nothing; for tests and runs that measure nothing} */
    static MemorySampler none() {
        return (pgids, done) -> done.accept(Map.of());
    }
}
