package org.commonplace.orchestrator.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code "defaults": {...}}: restart, stop, env, log and health settings, privileges and limits
 * ({@code user}, {@code umask}, {@code limits}, ...) and {@code on_failure} that every process gets
 * unless it sets its own. A setting is taken whole ({@code restart} as one block), except
 * {@code env}, which is merged: the process's own variables win. Applied to the document before
 * the processes are checked, with the defaults' positions, so a bad default is reported where it is
 * written (once, however many processes it reaches).
 */
final class Defaults {
    static final List<String> FIELDS = List.of("restart", "stop_signal", "stop_timeout_ms", "env", "log", "ready",
            "liveness", "max_memory_mb",
            // what a process runs as and is limited to (issue 26), and what runs when it fails
            "user", "group", "supplementary_groups", "umask", "limits", "nice", "oom_score_adj", "no_new_privileges",
            "capabilities", "on_failure");

    private Defaults() {
    }

    static void apply(ObjectNode top, Problems problems, Path configFile) {
        FieldReader read = new FieldReader(problems);
        Optional<ObjectNode> found = read.object("defaults", top.get("defaults"),
                "an object of settings every process gets: " + String.join(", ", FIELDS));
        if (found.isEmpty() || !(top.get("processes") instanceof ObjectNode processes)) {
            return;
        }
        ObjectNode defaults = found.get();
        read.unknownFields("defaults", defaults, FIELDS);
        JsonLocations written = problems.locations().subtree("defaults");
        processes.properties().forEach(p -> {
            if (!(p.getValue() instanceof ObjectNode process)) {
                return; // reported when the process is checked
            }
            String path = JsonPaths.child("processes", p.getKey());
            for (String field : FIELDS) {
                if (!defaults.has(field)) {
                    continue;
                }
                String from = JsonPaths.child("defaults", field);
                String to = JsonPaths.child(path, field);
                if (field.equals("env") && defaults.get(field) instanceof ObjectNode env
                        && process.get(field) instanceof ObjectNode own) {
                    env.properties().forEach(e -> {
                        if (!own.has(e.getKey())) {
                            own.set(e.getKey(), e.getValue().deepCopy());
                            String key = JsonPaths.child(to, e.getKey());
                            problems.locations().place(written, JsonPaths.child(from, e.getKey()), key);
                            routeHome(problems, key, configFile);
                        }
                    });
                } else if (!process.has(field)) {
                    process.set(field, defaults.get(field).deepCopy());
                    problems.locations().place(written, from, to);
                    routeHome(problems, to, configFile);
                }
            }
        });
    }

    /** Only a process of an included file needs telling that its default is in the config itself. */
    private static void routeHome(Problems problems, String path, Path configFile) {
        if (!problems.fileOf(path).equals(configFile)) {
            problems.route(path, configFile);
        }
    }
}
