package org.commonplace.orchestrator.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads {@code database}, {@code workspace}, {@code http_server} and {@code managed_paths}, and applies {@code database}. */
final class CommonplaceValidator {
    /** The process that is given {@code --database}, as in the real orchestrator. */
    static final String SERVER = "server";
    private static final String DATABASE_FLAG = "--database";

    private final Problems problems;
    private final FieldReader read;

    CommonplaceValidator(Problems problems) {
        this.problems = problems;
        this.read = new FieldReader(problems);
    }

    CommonplaceSettings validate(ObjectNode top) {
        Optional<String> database = read.string("database", top.get("database")).filter(d -> nonBlank("database", d));
        String workspace = read.string("workspace", top.get("workspace")).filter(w -> nonBlank("workspace", w))
                .orElse(CommonplaceSettings.DEFAULT_WORKSPACE);
        Optional<String> http = read.string("http_server", top.get("http_server")).filter(this::httpUrl);
        List<String> managed = read.strings("managed_paths", top.get("managed_paths")).orElse(List.of());
        return new CommonplaceSettings(database, workspace, http, managed);
    }

    /** {@code --database PATH} for the {@code server} process, unless its args already say it. */
    static void applyDatabase(CommonplaceSettings settings, Map<String, ProcessSpec> specs) {
        settings.database().ifPresent(path -> specs.computeIfPresent(SERVER, (name, spec) -> {
            if (spec.args().stream().anyMatch(a -> a.equals(DATABASE_FLAG) || a.startsWith(DATABASE_FLAG + "="))) {
                return spec;
            }
            var args = new ArrayList<>(spec.args());
            args.add(DATABASE_FLAG);
            args.add(path);
            return spec.withArgs(args);
        }));
    }

    private boolean nonBlank(String path, String value) {
        if (value.isBlank() || !read.withoutNul(path, value)) {
            if (value.isBlank()) {
                problems.error(path, "must not be empty, got \"" + value + "\"");
            }
            return false;
        }
        return true;
    }

    private boolean httpUrl(String text) {
        try {
            URI uri = new URI(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return true;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        problems.error("http_server", "\"" + text + "\" is not an http:// or https:// URL with a host");
        return false;
    }
}
