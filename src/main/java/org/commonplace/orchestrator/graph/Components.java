package org.commonplace.orchestrator.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Strongly connected components (Tarjan), so that a knot of overlapping cycles is reported as one
 * problem instead of one per elementary cycle, whose number can grow exponentially.
 */
final class Components {
    private final SortedMap<String, SortedSet<String>> edges;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> lowLink = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final Set<String> onStack = new HashSet<>();
    private final List<SortedSet<String>> found = new ArrayList<>();

    Components(SortedMap<String, SortedSet<String>> edges) {
        this.edges = edges;
    }

    /** {@return every component, ordered by its smallest name} */
    List<SortedSet<String>> list() {
        for (String node : edges.keySet()) {
            if (!index.containsKey(node)) {
                visit(node);
            }
        }
        found.sort(Comparator.comparing(SortedSet::first));
        return found;
    }

    // Recursion depth is bounded by the number of processes in a config file, which is small.
    private void visit(String node) {
        index.put(node, index.size());
        lowLink.put(node, index.get(node));
        stack.push(node);
        onStack.add(node);
        for (String next : edges.get(node)) {
            if (!index.containsKey(next)) {
                visit(next);
                lowLink.put(node, Math.min(lowLink.get(node), lowLink.get(next)));
            } else if (onStack.contains(next)) {
                lowLink.put(node, Math.min(lowLink.get(node), index.get(next)));
            }
        }
        if (lowLink.get(node).equals(index.get(node))) {
            SortedSet<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            found.add(component);
        }
    }
}
