package org.commonplace.orchestrator.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class DependencyGraphTest {

    private static DependencyGraph graph(Object... nameThenDeps) {
        Map<String, List<String>> edges = new LinkedHashMap<>();
        for (int i = 0; i < nameThenDeps.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> deps = (List<String>) nameThenDeps[i + 1];
            edges.put((String) nameThenDeps[i], deps);
        }
        return new DependencyGraph(edges);
    }

    @Test
    void independentProcessesStartInNameOrder() {
        var g = graph("zeta", List.of(), "alpha", List.of(), "mid", List.of());
        assertThat(g.startOrder()).containsExactly("alpha", "mid", "zeta");
    }

    @Test
    void dependenciesComeFirstAndTiesAreBrokenByName() {
        var g = graph("http", List.of("store"), "store", List.of("broker"), "broker", List.of(),
                "aardvark", List.of("store"));
        assertThat(g.startOrder()).containsExactly("broker", "store", "aardvark", "http");
    }

    @Test
    void aSmallNameStillWaitsForItsDependencies() {
        // Ready at first: {b, c}. "a" sorts first overall but only becomes ready once c is placed.
        var g = graph("a", List.of("c"), "b", List.of(), "c", List.of());
        assertThat(g.startOrder()).containsExactly("b", "c", "a");
    }

    @Test
    void diamondStartsTheSharedDependencyOnceAndTheJoinLast() {
        var g = graph("top", List.of("left", "right"), "left", List.of("base"), "right", List.of("base"),
                "base", List.of());
        assertThat(g.startOrder()).containsExactly("base", "left", "right", "top");
        assertThat(g.stopOrder()).containsExactly("top", "right", "left", "base");
        assertThat(g.dependentsOf("base")).containsExactly("left", "right");
        assertThat(g.dependenciesOf("top")).containsExactly("left", "right");
    }

    @Test
    void dependentsOfAnUnknownOrLeafNameIsEmpty() {
        var g = graph("a", List.of("b"), "b", List.of());
        assertThat(g.dependentsOf("a")).isEmpty();
        assertThat(g.dependentsOf("nope")).isEmpty();
        assertThat(g.dependentsOf("b")).containsExactly("a");
    }

    @Test
    void twoProcessCycleIsFoundAsAPathFromTheSmallestName() {
        var g = graph("beta", List.of("alpha"), "alpha", List.of("beta"));
        assertThat(g.findCycle()).contains(List.of("alpha", "beta", "alpha"));
        assertThat(DependencyGraph.describe(g.findCycle().orElseThrow())).isEqualTo("alpha -> beta -> alpha");
    }

    @Test
    void threeProcessCycleIsFoundWithEveryMember() {
        var g = graph("gamma", List.of("alpha"), "beta", List.of("gamma"), "alpha", List.of("beta"),
                "free", List.of());
        assertThat(g.findCycle()).contains(List.of("alpha", "beta", "gamma", "alpha"));
    }

    @Test
    void selfDependencyIsACycleOfOne() {
        var g = graph("a", List.of("a"));
        assertThat(g.findCycle()).contains(List.of("a", "a"));
    }

    @Test
    void acyclicGraphHasNoCycle() {
        var g = graph("a", List.of("b"), "b", List.of("c"), "c", List.of());
        assertThat(g.findCycle()).isEmpty();
        assertThat(g.findCycles()).isEmpty();
    }

    @Test
    void separateCyclesAreEachReportedOnceInNameOrder() {
        var g = graph("d", List.of("c"), "c", List.of("d"), "a", List.of("b"), "b", List.of("a"),
                "e", List.of("a"));
        assertThat(g.findCycles()).containsExactly(List.of("a", "b", "a"), List.of("c", "d", "c"));
    }

    @Test
    void overlappingCyclesAreReportedOnceAsOneKnot() {
        var g = graph("a", List.of("b", "c"), "b", List.of("a"), "c", List.of("a"));
        assertThat(g.findCycles()).containsExactly(List.of("a", "b", "a"));
    }

    @Test
    void startOrderOfACyclicGraphFailsNamingTheCycle() {
        var g = graph("a", List.of("b"), "b", List.of("a"), "c", List.of());
        assertThatThrownBy(g::startOrder).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a -> b -> a");
    }

    @Test
    void edgesToUnknownNamesAndRepeatsAreIgnored() {
        var g = graph("a", List.of("ghost", "b", "b"), "b", List.of());
        assertThat(g.startOrder()).containsExactly("b", "a");
        assertThat(g.dependenciesOf("a")).containsExactly("b");
    }

    @Test
    void orderDoesNotDependOnTheMapsIterationOrder() {
        var forward = graph("c", List.of("a"), "b", List.of("a"), "a", List.of(), "d", List.of("b", "c"));
        var backward = graph("d", List.of("c", "b"), "a", List.of(), "b", List.of("a"), "c", List.of("a"));
        assertThat(forward.startOrder()).isEqualTo(backward.startOrder()).containsExactly("a", "b", "c", "d");
        var cycleOne = graph("x", List.of("y"), "y", List.of("z"), "z", List.of("x"));
        var cycleTwo = graph("z", List.of("x"), "y", List.of("z"), "x", List.of("y"));
        assertThat(cycleOne.findCycles()).isEqualTo(cycleTwo.findCycles());
    }
}
