package org.commonplace.orchestrator.control;

import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.commonplace.orchestrator.spawn.GroupUsage;

/**
 * The RSS and CPU figures of the process groups for {@code watch} (and {@code top}), read from /proc
 * at most once per {@code maxAge} for every watcher together: one pass over /proc costs about a
 * millisecond per hundred processes, and it used to be made for each watcher at each change.
 */
final class UsageSampler {
    private final LongSupplier nanos;
    private final long maxAgeNanos;
    private final Function<Collection<Long>, Map<Long, GroupUsage>> scan;
    private Map<Long, GroupUsage> sample = Map.of();
    private long sampledAt;
    private long samples;

    /**
     * @param nanos  the clock ({@code System::nanoTime}; a fake one in tests)
     * @param maxAge how old a sample may be, in ms
     * @param scan   one pass over /proc for the given process groups ({@code GroupUsage::of})
     */
    UsageSampler(LongSupplier nanos, long maxAgeMs, Function<Collection<Long>, Map<Long, GroupUsage>> scan) {
        this.nanos = nanos;
        this.maxAgeNanos = maxAgeMs * 1_000_000;
        this.scan = scan;
    }

    /**
     * {@return the usage of the groups, read now if the last sample is older than the limit} A group
     * started since the last sample has no figures until the next one.
     */
    synchronized Map<Long, GroupUsage> usage(Collection<Long> pgids) {
        long now = nanos.getAsLong();
        if (samples == 0 || now - sampledAt >= maxAgeNanos) {
            sample = Map.copyOf(scan.apply(pgids));
            sampledAt = now;
            samples++;
        }
        return sample;
    }

    /** {@return how many samples were taken: it changes when the figures may have} */
    synchronized long samples() {
        return samples;
    }
}
