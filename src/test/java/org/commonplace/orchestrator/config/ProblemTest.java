package org.commonplace.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class ProblemTest {

    @Test
    void formatShowsFileLineColumnSeverityPathAndMessage() {
        var problem = new Problem(Problem.Severity.ERROR, Path.of("commonplace.json"), "processes.http.depends_on[0]",
                7, 22, "unknown dependency 'stor' (did you mean 'store'?)");
        assertThat(problem.format()).isEqualTo("commonplace.json:7:22: error: processes.http.depends_on[0]:"
                + " unknown dependency 'stor' (did you mean 'store'?)");
    }

    @Test
    void formatLeavesOutAnUnknownPositionAndAnEmptyPath() {
        var problem = new Problem(Problem.Severity.WARNING, Path.of("conf/app.json"), "", 0, 0, "something");
        assertThat(problem.format()).isEqualTo("conf/app.json: warning: something");
    }

    @Test
    void fileIsShownAsGivenNotMadeAbsolute() {
        LoadResult result = new ConfigLoader(false).load(Path.of("no/such/dir/commonplace.json"));
        assertThat(result.errors()).singleElement().extracting(Problem::format)
                .isEqualTo("no/such/dir/commonplace.json: error: cannot read the config: no such file");
    }

    @Test
    void loadResultSplitsErrorsFromWarnings() {
        var error = new Problem(Problem.Severity.ERROR, Path.of("f"), "", 1, 1, "e");
        var warning = new Problem(Problem.Severity.WARNING, Path.of("f"), "", 2, 1, "w");
        var result = new LoadResult(Optional.empty(), List.of(error, warning));
        assertThat(result.hasErrors()).isTrue();
        assertThat(result.errors()).containsExactly(error);
        assertThat(result.warnings()).containsExactly(warning);
        assertThat(new LoadResult(Optional.empty(), List.of(warning)).hasErrors()).isFalse();
    }
}
