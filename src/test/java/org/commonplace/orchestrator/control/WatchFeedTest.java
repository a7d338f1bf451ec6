package org.commonplace.orchestrator.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.commonplace.orchestrator.model.ProcessSnapshot;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.spawn.GroupUsage;
import org.junit.jupiter.api.Test;

/**
 * Issue 21 item 9, on a fake clock: 500 processes, ten watchers and a burst of changes (one a
 * millisecond for ten seconds). /proc is read once a second for all of them, and the line is built
 * at most once per gap, however many watchers ask; when the burst ends the next line has the last state.
 */
final class WatchFeedTest {
    private static final int PROCESSES = 500;
    private static final int WATCHERS = 10;

    private long now;
    private int scans;

    private static ProcessSnapshot running(String name, long pid, int restarts) {
        return new ProcessSnapshot(name, ProcessState.RUNNING, pid, Optional.empty(), restarts, Optional.empty(),
                Optional.empty(), Optional.empty(), false, List.of(), ProcessSnapshot.UNKNOWN_HEALTH);
    }

    private Map<Long, GroupUsage> scan(java.util.Collection<Long> pgids) {
        scans++;
        var usage = new HashMap<Long, GroupUsage>();
        pgids.forEach(pid -> usage.put(pid, new GroupUsage(4096 * pid, scans)));
        return usage;
    }

    @Test
    void tenWatchersUnderABurstShareOneProcScanASecondAndOneLinePerGap() throws Exception {
        var watchers = new Watchers();
        for (int i = 0; i < PROCESSES; i++) {
            watchers.changed(running("p" + i, 1000 + i, 0));
        }
        var usage = new UsageSampler(() -> now, Protocol.USAGE_SAMPLE_MS, this::scan);
        var feed = new WatchFeed(watchers, usage, () -> now, Protocol.WATCH_GAP_MS);
        int restarts = 0;
        for (int ms = 0; ms < 10_000; ms++) {
            now = ms * 1_000_000L;
            restarts++;
            watchers.changed(running("p7", 5000 + restarts, restarts));
            for (int w = 0; w < WATCHERS; w++) {
                feed.latest();
            }
        }
        assertThat(scans).as("passes over /proc in 10 s").isLessThanOrEqualTo(10);
        assertThat(feed.builds()).as("lines built in 10 s").isLessThanOrEqualTo(10_000 / Protocol.WATCH_GAP_MS);

        // Quiet again: a gap later the line has the last restart, with figures of the new pid from the next sample.
        now += Protocol.USAGE_SAMPLE_MS * 1_000_000L;
        WatchFeed.Frame last = feed.latest();
        assertThat(last.version()).isEqualTo(watchers.current().version());
        var p7 = TreeReader.read(last.line(), 0, last.line().length).path("processes").get(7);
        assertThat(p7.path("restarts").asInt()).isEqualTo(restarts);
        assertThat(p7.path("pid").asLong()).isEqualTo(5000 + restarts);
        assertThat(p7.path("rss_bytes").asLong()).isEqualTo(4096L * (5000 + restarts));
        // Nothing changed: the same bytes, nothing read or built again.
        int scansBefore = scans;
        long buildsBefore = feed.builds();
        now += Protocol.WATCH_GAP_MS * 1_000_000L;
        assertThat(feed.latest()).isSameAs(last);
        assertThat(scans).isEqualTo(scansBefore);
        assertThat(feed.builds()).isEqualTo(buildsBefore);
    }
}
