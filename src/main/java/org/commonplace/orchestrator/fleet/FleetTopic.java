package org.commonplace.orchestrator.fleet;

import java.util.Optional;

/**
 * A topic of the orchestrators' state under a prefix: {@code <prefix>/<instance>/status} or
 * {@code <prefix>/<instance>/processes/<name>/state}. Anything else under the prefix (the
 * {@code cmd} topics, whatever else someone publishes there) is not one.
 *
 * @param instance the instance level
 * @param process  the process name, or null for the status topic
 */
record FleetTopic(String instance, String process) {
    /** Longer levels are not ours (an instance is a host name and a file stem; a name fits a table column). */
    static final int MAX_LEVEL_CHARS = 200;

    boolean isStatus() {
        return process == null;
    }

    /** {@return the topic {@code topic} names under {@code prefix}, or empty when it is not a state or status topic} */
    static Optional<FleetTopic> parse(String prefix, String topic) {
        if (!topic.startsWith(prefix + "/")) {
            return Optional.empty();
        }
        String[] levels = topic.substring(prefix.length() + 1).split("/", -1);
        for (String level : levels) {
            if (level.isEmpty() || level.length() > MAX_LEVEL_CHARS) {
                return Optional.empty();
            }
        }
        if (levels.length == 2 && levels[1].equals("status")) {
            return Optional.of(new FleetTopic(levels[0], null));
        }
        if (levels.length == 4 && levels[1].equals("processes") && levels[3].equals("state")) {
            return Optional.of(new FleetTopic(levels[0], levels[2]));
        }
        return Optional.empty();
    }
}
