package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A core thread that dies must not leave a zombie supervisor (issue 21, item 13). When the I/O loop
 * died of an {@code OutOfMemoryError}, the orchestrator printed a stack trace and stayed half alive:
 * children that exited were never seen to, and a SIGTERM stopped nothing (each child "did not stop
 * within 5000 ms", and the JVM never exited).
 *
 * <p>How the failure is caused, honestly and without a hook in the product: a real
 * {@code OutOfMemoryError} in the real I/O loop. Every child writes a line of 64,000 bytes with no
 * newline yet, on both streams; the I/O loop must keep each such unfinished line (up to 64 KiB per
 * stream, the documented longest line) until its end comes. That is 12.8 MB for 100 children — a
 * load the usual 128 MiB heap carries, and that a heap of 16 MiB (-Xmx16m) cannot. Which thread meets
 * the full heap first is up to the JVM (almost always the I/O loop, which allocates the lines); any
 * of them must end the same way.
 */
final class CoreFailureTest {
    private static final Pattern STARTED = Pattern.compile("\\[orchestrator] started p\\d{3} \\(pid (\\d+)\\)");

    @TempDir
    Path dir;

    @Test
    void anOutOfMemoryErrorInACoreThreadIsSaidInOneLineStopsEverythingAndTheExitCodeIsOne() {
        var config = new ConfigBuilder();
        for (int i = 0; i < 100; i++) {
            config.shell("p%03d".formatted(i), "printf '%064000d' 0; printf '%064000d' 0 >&2; exec sleep 300");
        }
        Path file = config.writeTo(dir);
        try (var run = OrchestratorRun.start(List.of(), List.of("-Xmx16m"), Map.of(), "run", "--config", file.toString())) {
            // Nobody asks it to stop: the failure alone must end the run, and promptly.
            int code = run.awaitExit(Duration.ofSeconds(60));
            String all = run.stdout() + run.stderr();
            List<String> failed = all.lines().filter(l -> l.contains(" failed (java.lang.OutOfMemoryError")).toList();
            assertThat(failed).as("the failure, said, in what the run printed:%n%s", all).isNotEmpty();
            assertThat(failed.getFirst()).matches("\\[orchestrator] (the I/O loop|the supervisor loop|the orphan reaper|thread \\S+)"
                    + " failed \\(java.lang.OutOfMemoryError: Java heap space\\); (stopping everything as on SIGTERM, then exiting 1"
                    + " so that a service manager starts us again|killing every process group and exiting 1)");
            assertThat(all).as("no stack trace").doesNotContain("\tat ", "Exception in thread");
            assertThat(code).isEqualTo(1);
            List<Long> pids = run.stdoutLines().stream().map(STARTED::matcher).filter(Matcher::find)
                    .map(m -> Long.parseLong(m.group(1))).toList();
            assertThat(pids).isNotEmpty();
            await().atMost(Duration.ofSeconds(10)).until(() -> pids.stream().noneMatch(pid -> Files.exists(Path.of("/proc/" + pid))));
        }
    }
}
