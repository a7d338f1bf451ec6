package org.commonplace.orchestrator.spawn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class ErrnoTest {
    @Test
    void aKnownErrnoIsExplainedAndNamed() {
        assertThat(Errno.describe(20)).isEqualTo("not a directory — a part of the program's path is a file (errno 20, ENOTDIR)");
    }

    @Test
    void anUnknownErrnoIsShownAsItsNumber() {
        assertThat(Errno.describe(9999)).isEqualTo("errno 9999");
    }
}
