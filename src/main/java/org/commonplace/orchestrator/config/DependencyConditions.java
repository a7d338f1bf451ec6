package org.commonplace.orchestrator.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The long-syntax entries of one process's {@code depends_on}, by dependency name; a name written in the
 * short list form (or not here) is a {@link Dependency#PLAIN} dependency. Immutable.
 *
 * @param byName the entries written as objects, in the file's order
 */
public record DependencyConditions(Map<String, Dependency> byName) {
    private static final DependencyConditions NONE = new DependencyConditions(Map.of());

    public DependencyConditions {
        byName = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    /** {@return no long-syntax entry: every dependency is plain} */
    public static DependencyConditions none() {
        return NONE;
    }

    /** {@return how {@code name} is depended on} */
    public Dependency of(String name) {
        return byName.getOrDefault(name, Dependency.PLAIN);
    }

    /** {@return the dependencies among {@code names} with {@code "restart": true}} */
    public List<String> bound(List<String> names) {
        return names.stream().filter(n -> of(n).restart()).toList();
    }

    /** {@return whether {@code name} was written in the long syntax (then {@code check} prints its condition)} */
    public boolean written(String name) {
        return byName.containsKey(name);
    }
}
