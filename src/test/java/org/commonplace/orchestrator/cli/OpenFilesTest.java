package org.commonplace.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The warning about the limit of open files: three descriptors per child and some of our own. */
final class OpenFilesTest {
    @Test
    void noWarningWhileTheChildrenFitAndOneWhenTheyDoNot() {
        assertThat(OpenFiles.warning(2000, OptionalLong.of(20_000))).isEmpty();
        assertThat(OpenFiles.warning(6645, OptionalLong.of(20_000))).isEmpty(); // 19,935 + 64 = 19,999
        assertThat(OpenFiles.warning(6646, OptionalLong.of(20_000))).contains("6646 processes need about 20002 open files"
                + " (three per child), more than the limit of 20000 (ulimit -n); the starts past it will fail: raise the"
                + " hard limit (LimitNOFILE= in a systemd unit)");
        assertThat(OpenFiles.warning(10_000, OptionalLong.empty())).as("no limit known").isEmpty();
    }

    @Test
    void theSoftLimitIsReadFromTheLimitsFile() {
        String limits = """
                Limit                     Soft Limit           Hard Limit           Units
                Max processes             192730               192730               processes
                Max open files            1024                 524288               files
                Max locked memory         8388608              8388608              bytes
                """;
        assertThat(OpenFiles.limitIn(limits)).hasValue(1024);
        assertThat(OpenFiles.limitIn(limits.replace("1024 ", "unlimited "))).isEmpty();
        assertThat(OpenFiles.limitIn("")).isEmpty();
        assertThat(OpenFiles.limit().orElseThrow()).as("this JVM's own").isPositive();
    }
}
