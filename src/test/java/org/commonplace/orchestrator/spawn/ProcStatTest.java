package org.commonplace.orchestrator.spawn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How a line names a process it talks about: never a bare "?" (the clean-up said "stopping pid 7531 (?)"). */
final class ProcStatTest {
    @Test
    void aStartTimeIsGivenOnlyForALiveChildOfTheParentAsked() throws Exception {
        long self = ProcessHandle.current().pid();
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            assertThat(ProcStat.startTimeIfChildOf(child.pid(), self)).isPresent()
                    .hasValue(ProcStat.startTime(child.pid()).getAsLong());
            // The same pid asked as another's child (as a stranger who got a reaped child's pid would be): nothing.
            assertThat(ProcStat.startTimeIfChildOf(child.pid(), 1)).isEmpty();
        } finally {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(ProcStat.startTimeIfChildOf(child.pid(), self)).isEmpty();
    }

    @Test
    void aRunningProcessIsNamedByItsCommandLine() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "301").start();
        try {
            assertThat(ProcStat.commandLine(sleep.pid())).isEqualTo("sleep 301");
        } finally {
            sleep.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aZombieIsNamedByItsNameInBrackets() throws Exception {
        // A shell whose child exits unreaped while the shell sleeps: the child is a zombie until then.
        Process shell = new ProcessBuilder("sh", "-c", "/bin/true & exec sleep 301").start();
        try {
            long zombie = awaitChildZombie(shell.pid());
            assertThat(ProcStat.commandLine(zombie)).isEqualTo("[true]");
        } finally {
            shell.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aProcessThatIsGoneIsSaidToBeGone() {
        assertThat(ProcStat.commandLine(Integer.MAX_VALUE)).isEqualTo("command line unreadable: it has just exited");
    }

    private static long awaitChildZombie(long parent) {
        long[] found = {0};
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
            for (ProcStat.Entry e : ProcStat.all()) {
                if (e.zombie() && parentOf(e.pid()) == parent) {
                    found[0] = e.pid();
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private static long parentOf(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
