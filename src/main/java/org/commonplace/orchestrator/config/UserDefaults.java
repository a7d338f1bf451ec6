package org.commonplace.orchestrator.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The user's commonplace defaults: {@code $COMMONPLACE_CONFIG}, or else
 * {@code ~/.commonplace/config.json}, as the commonplace tools read it. Its {@code mqtt_broker} and
 * {@code workspace} apply when the config has none; its other keys belong to the other tools and are
 * not looked at. Problems with its two keys are errors in that file.
 */
final class UserDefaults {
    static final String VARIABLE = "COMMONPLACE_CONFIG";
    private static final java.util.List<String> KEYS = java.util.List.of("mqtt_broker", "workspace");

    private UserDefaults() {
    }

    /** {@return the file to read, if any: the one $COMMONPLACE_CONFIG names, or ~/.commonplace/config.json} */
    static Optional<Path> location(Map<String, String> environment) {
        String named = environment.get(VARIABLE);
        if (named != null && !named.isEmpty()) {
            return Optional.of(Path.of(named));
        }
        String home = environment.get("HOME");
        return home == null || home.isEmpty() ? Optional.empty() : Optional.of(Path.of(home, ".commonplace", "config.json"));
    }

    /** Puts the file's {@code mqtt_broker} and {@code workspace} into {@code top} where it has none. */
    static void apply(ObjectNode top, Map<String, String> environment, Problems problems, ConfigSources.Builder sources) {
        Optional<Path> location = location(environment);
        if (location.isEmpty()) {
            return;
        }
        Path file = location.get();
        sources.file(file);
        boolean named = environment.get(VARIABLE) != null && !environment.get(VARIABLE).isEmpty();
        if (!named && !Files.exists(file)) {
            return; // the usual place, not made: nothing to apply
        }
        if (KEYS.stream().allMatch(top::has)) {
            return; // nothing it could give
        }
        JsonFile.Read read = JsonFile.read(file, "the user defaults file (" + VARIABLE + ")");
        if (read instanceof JsonFile.Failed failed) {
            problems.add(failed.problem());
            return;
        }
        LocatedJsonReader.Document document = ((JsonFile.Parsed) read).document();
        var own = new Problems(file, document.locations(), false);
        if (document.root() instanceof ObjectNode defaults) {
            for (String key : KEYS) {
                if (top.has(key) || !defaults.has(key)) {
                    continue;
                }
                new FieldReader(own).string(key, defaults.get(key)).filter(value -> valid(key, value, own))
                        .ifPresent(value -> top.set(key, TextNode.valueOf(value)));
            }
        } else {
            own.error("", "expected an object, got " + FieldReader.describe(document.root()));
        }
        own.inFileOrder().forEach(problems::add);
    }

    private static boolean valid(String key, String value, Problems own) {
        if (key.equals("mqtt_broker")) {
            try {
                BrokerAddress.parse(value);
            } catch (IllegalArgumentException e) {
                own.error(key, "\"" + value + "\" is not a broker address: " + e.getMessage());
                return false;
            }
        }
        return true;
    }
}
