package org.commonplace.orchestrator.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.commonplace.orchestrator.graph.DependencyGraph;
import org.commonplace.orchestrator.model.Names;

/**
 * Checks the references between processes: every {@code depends_on} entry names another process,
 * once, and the entries form no cycle. An entry {@code INSTANCE/NAME} names a process of another
 * orchestrator on the same broker (a remote dependency): it must be well formed and the config must
 * name a broker; it is no edge of the local graph. {@code depends_on} may be compose's long syntax, an
 * object of names: an entry with {@code "required": false} may name a process the config does not have
 * (a warning), and a remote entry can neither bind ({@code restart}) nor complete. Works on the raw tree, so a process rejected for another
 * reason still has its dependencies checked and everything is reported in one run.
 */
final class DependencyChecks {
    private final Problems problems;
    private final String ownInstance;
    private final boolean brokerNamed;
    /** "a" + '\0' + "b" -> the path of the entry in a's depends_on that names b. */
    private final Map<String, String> edgePaths = new HashMap<>();

    /**
     * @param ownInstance this orchestrator's instance (a remote dependency on it is a local one, misspelt)
     * @param brokerNamed whether the config names a broker, which remote dependencies need
     */
    DependencyChecks(Problems problems, String ownInstance, boolean brokerNamed) {
        this.problems = problems;
        this.ownInstance = ownInstance;
        this.brokerNamed = brokerNamed;
    }

    /** {@return the graph of every process with its well-formed edges (unknown, self and repeated left out)} */
    DependencyGraph check(ObjectNode processes) {
        Map<String, List<String>> edges = new LinkedHashMap<>();
        processes.properties().forEach(p -> edges.put(p.getKey(), new ArrayList<>()));
        processes.properties().forEach(p -> {
            String path = JsonPaths.child("processes", p.getKey());
            JsonNode deps = p.getValue().get("depends_on");
            if (p.getValue().isObject() && deps != null && (deps.isArray() || deps.isObject())) {
                entries(p.getKey(), path + ".depends_on", deps, edges);
            }
        });
        DependencyGraph graph = new DependencyGraph(edges);
        for (List<String> cycle : graph.findCycles()) {
            String at = edgePaths.get(cycle.get(0) + '\0' + cycle.get(1));
            problems.error(at, "dependency cycle: " + DependencyGraph.describe(cycle));
        }
        return graph;
    }

    private void entries(String name, String path, JsonNode deps, Map<String, List<String>> edges) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> names = new ArrayList<>();
        if (deps.isObject()) {
            deps.properties().forEach(member -> names.add(member.getKey()));
        } else {
            deps.forEach(entry -> names.add(entry.isTextual() ? entry.textValue() : null));
        }
        for (int i = 0; i < names.size(); i++) {
            String dep = names.get(i);
            if (dep == null) {
                continue; // reported as a type error by ProcessValidator
            }
            String entryPath = deps.isObject() ? JsonPaths.child(path, dep) : JsonPaths.index(path, i);
            JsonNode longForm = deps.isObject() ? deps.get(dep) : null;
            if (dep.contains("/")) {
                remote(name, dep, entryPath, seen, i, path);
                boundRemote(dep, entryPath, longForm);
            } else if (dep.equals(name)) {
                problems.error(entryPath, "process '" + name + "' depends on itself");
            } else if (!edges.containsKey(dep) && optional(longForm)) {
                // compose: a dependency that is not required may be missing; it is only said.
                problems.warning(entryPath, "dependency '" + dep + "' is not in this config; '" + name
                        + "' starts without it (\"required\": false)");
            } else if (!edges.containsKey(dep)) {
                // A process cannot depend on itself: never suggest its own name.
                var others = new TreeSet<>(edges.keySet());
                others.remove(name);
                problems.error(entryPath, "unknown dependency '" + dep + "' " + hint(dep, others));
            } else if (seen.containsKey(dep)) {
                problems.error(entryPath, "duplicate dependency '" + dep + "' (already listed at "
                        + JsonPaths.index(path, seen.get(dep)) + ")");
            } else {
                seen.put(dep, i);
                edges.get(name).add(dep);
                edgePaths.put(name + '\0' + dep, entryPath);
            }
        }
    }

    /** {@return whether the long-syntax entry says {@code "required": false}} */
    private static boolean optional(JsonNode longForm) {
        return longForm != null && longForm.path("required").isBoolean() && !longForm.path("required").booleanValue();
    }

    /** A remote dependency is only ready or not: it cannot bind its dependent, nor complete. */
    private void boundRemote(String dep, String entryPath, JsonNode longForm) {
        if (longForm == null || !longForm.isObject()) {
            return;
        }
        if (longForm.path("restart").asBoolean(false)) {
            problems.error(entryPath + ".restart", "\"restart\": true needs a process of this config; remote dependency '"
                    + dep + "' is only ever ready or not");
        }
        String condition = longForm.path("condition").asText("");
        if (condition.startsWith("service_completed")) {
            problems.error(entryPath + ".condition", "condition \"" + condition + "\" needs a process of this config;"
                    + " remote dependency '" + dep + "' is only ever ready or not (use service_healthy)");
        }
    }

    private void remote(String name, String dep, String entryPath, Map<String, Integer> seen, int i, String path) {
        int slash = dep.indexOf('/');
        String instance = dep.substring(0, slash);
        String process = dep.substring(slash + 1);
        if (!Names.validInstance(instance) || !Names.validProcess(process)) {
            problems.error(entryPath, "remote dependency '" + dep + "' must be INSTANCE/NAME: one '/' between an"
                    + " instance and a process name, each of letters, digits, '.', '_' and '-'");
        } else if (instance.equals(ownInstance)) {
            problems.error(entryPath, "'" + dep + "' names this orchestrator's own instance; write '" + process
                    + "' for a process of this config");
        } else if (!brokerNamed) {
            problems.error(entryPath, "remote dependency '" + dep + "' needs a broker: set \"mqtt_broker\""
                    + " (" + name + " waits for " + process + " of instance " + instance + " through it)");
        } else if (seen.containsKey(dep)) {
            problems.error(entryPath, "duplicate dependency '" + dep + "' (already listed at "
                    + JsonPaths.index(path, seen.get(dep)) + ")");
        } else {
            seen.put(dep, i);
        }
    }

    /** {@return "(did you mean 'store'?)", or the known names when none is close} */
    static String hint(String name, Collection<String> processes) {
        if (processes.isEmpty()) {
            return "(there is no other process)";
        }
        Optional<String> close = Suggestions.closest(name, processes);
        return close.map(c -> "(did you mean '" + c + "'?)")
                .orElse("(known processes: " + String.join(", ", new TreeSet<>(processes)) + ")");
    }
}
