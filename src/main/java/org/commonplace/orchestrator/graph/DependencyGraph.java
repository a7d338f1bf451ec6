package org.commonplace.orchestrator.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Processes and what each depends on, with the orders derived from it.
 *
 * <p>Every answer is deterministic: whenever there is a choice, the smallest name (by
 * {@link String#compareTo}) comes first, so the same config gives the same order on every run and
 * every machine. Edges to names that are not nodes are ignored (reporting them is the caller's job),
 * as are repeated edges.
 */
public final class DependencyGraph {
    /** Node -> its dependencies, both sorted; only edges between known nodes. */
    private final SortedMap<String, SortedSet<String>> dependencies = new TreeMap<>();
    /** Node -> the nodes that depend on it, both sorted. */
    private final SortedMap<String, SortedSet<String>> dependents = new TreeMap<>();

    /**
     * @param dependsOn every node (the keys) with the names of the nodes it depends on
     */
    public DependencyGraph(Map<String, List<String>> dependsOn) {
        dependsOn.keySet().forEach(name -> {
            dependencies.put(name, new TreeSet<>());
            dependents.put(name, new TreeSet<>());
        });
        dependsOn.forEach((name, deps) -> deps.stream().filter(dependencies::containsKey).forEach(dep -> {
            dependencies.get(name).add(dep);
            dependents.get(dep).add(name);
        }));
    }

    /** {@return every node, sorted by name} */
    public SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(dependencies.keySet()));
    }

    /**
     * {@return every node, each after all of its dependencies; among nodes that are ready at the same
     * point the smallest name comes first} (Kahn's algorithm with a sorted ready set)
     *
     * @throws IllegalStateException when the graph has a cycle, naming it
     */
    public List<String> startOrder() {
        Map<String, Integer> waitingOn = new HashMap<>();
        dependencies.forEach((name, deps) -> waitingOn.put(name, deps.size()));
        TreeSet<String> ready = new TreeSet<>();
        waitingOn.forEach((name, count) -> {
            if (count == 0) {
                ready.add(name);
            }
        });
        List<String> order = new ArrayList<>(dependencies.size());
        while (!ready.isEmpty()) {
            String next = ready.pollFirst();
            order.add(next);
            for (String dependent : dependents.get(next)) {
                if (waitingOn.merge(dependent, -1, Integer::sum) == 0) {
                    ready.add(dependent);
                }
            }
        }
        if (order.size() < dependencies.size()) {
            throw new IllegalStateException("dependency cycle: "
                    + findCycle().map(DependencyGraph::describe).orElse("unknown"));
        }
        return List.copyOf(order);
    }

    /**
     * {@return the start order reversed: every node before the nodes it depends on}
     *
     * @throws IllegalStateException when the graph has a cycle
     */
    public List<String> stopOrder() {
        return startOrder().reversed();
    }

    /** {@return the first of {@link #findCycles()}, if there is any cycle} */
    public Optional<List<String>> findCycle() {
        return findCycles().stream().findFirst();
    }

    /**
     * {@return one cycle per group of mutually dependent nodes (a strongly connected component), each
     * as a path that starts and ends at its smallest name, such as [alpha, beta, alpha]; a node that
     * depends on itself gives [alpha, alpha]} Groups are listed by their smallest name, so a knot of
     * several overlapping cycles is reported once rather than once per cycle.
     */
    public List<List<String>> findCycles() {
        List<List<String>> cycles = new ArrayList<>();
        for (SortedSet<String> component : new Components(dependencies).list()) {
            String first = component.first();
            if (component.size() > 1 || dependencies.get(first).contains(first)) {
                cycles.add(cycleWithin(component));
            }
        }
        return List.copyOf(cycles);
    }

    /** {@return the nodes that depend directly on {@code name}, sorted; empty for an unknown name} */
    public SortedSet<String> dependentsOf(String name) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(dependents.getOrDefault(name, new TreeSet<>())));
    }

    /** {@return the nodes {@code name} depends on directly, sorted; empty for an unknown name} */
    public SortedSet<String> dependenciesOf(String name) {
        return Collections.unmodifiableSortedSet(
                new TreeSet<>(dependencies.getOrDefault(name, new TreeSet<>())));
    }

    /** {@return a cycle as text: "alpha -> beta -> alpha"} */
    public static String describe(List<String> cycle) {
        return String.join(" -> ", cycle);
    }

    /**
     * Walks from the smallest name of a strongly connected component back to itself, taking the
     * smallest next name that leads home; every node of the component reaches the start, so the
     * walk always closes.
     */
    private List<String> cycleWithin(SortedSet<String> component) {
        String start = component.first();
        List<String> path = new ArrayList<>();
        path.add(start);
        Set<String> onPath = new LinkedHashSet<>(path);
        if (!extend(start, start, component, path, onPath, new HashSet<>())) {
            throw new IllegalStateException("component without a cycle: " + component);
        }
        return List.copyOf(path);
    }

    private boolean extend(String at, String start, Set<String> component, List<String> path,
                           Set<String> onPath, Set<String> deadEnds) {
        for (String next : dependencies.get(at)) {
            if (next.equals(start)) {
                path.add(start);
                return true;
            }
            if (component.contains(next) && !onPath.contains(next) && !deadEnds.contains(next)) {
                path.add(next);
                onPath.add(next);
                if (extend(next, start, component, path, onPath, deadEnds)) {
                    return true;
                }
                path.removeLast();
                onPath.remove(next);
                deadEnds.add(next);
            }
        }
        return false;
    }
}
