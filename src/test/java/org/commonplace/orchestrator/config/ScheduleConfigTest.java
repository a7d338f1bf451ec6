package org.commonplace.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code schedule} and {@code replicas} that load, with their defaults. */
final class ScheduleConfigTest {
    @TempDir
    Path dir;

    private ProcessSpec load(String fields) throws IOException {
        LoadResult result = new ConfigLoader(true).load(Files.writeString(dir.resolve("commonplace.json"),
                "{\"processes\": {\"job\": {\"command\": \"x\"" + fields + "}}}"));
        assertThat(result.problems()).as("problems").isEmpty();
        return result.config().orElseThrow().process("job").orElseThrow();
    }

    @Test
    void aProcessWithoutTheKeysHasNoScheduleAndIsNotReplicated() throws IOException {
        ProcessSpec spec = load("");
        assertThat(spec.schedule()).isEmpty();
        assertThat(spec.replicas()).isEqualTo(ProcessSpec.NOT_REPLICATED);
    }

    @Test
    void everyScheduleFieldIsRead() throws IOException {
        ProcessSpec spec = load(", \"restart\": {\"policy\": \"never\"}, \"schedule\": {\"cron\": \"*/5 * * * *\","
                + " \"time_zone\": \"Europe/Berlin\", \"overlap\": \"queue\", \"run_on_start\": true}");
        assertThat(spec.schedule()).contains(new ScheduleSpec(CronRule.parse("*/5 * * * *"), ZoneId.of("Europe/Berlin"),
                ScheduleSpec.Overlap.QUEUE, true));
    }

    @Test
    void aScheduleDefaultsToTheMachinesZoneSkipAndNoRunOnStart() throws IOException {
        ProcessSpec spec = load(", \"restart\": {\"policy\": \"on_failure\"}, \"schedule\": {\"cron\": \"@hourly\"}");
        assertThat(spec.schedule()).contains(new ScheduleSpec(CronRule.parse("@hourly"), ZoneId.systemDefault(),
                ScheduleSpec.Overlap.SKIP, false));
    }

    @Test
    void replicasAreRead() throws IOException {
        assertThat(load(", \"replicas\": 3").replicas()).isEqualTo(3);
    }
}
