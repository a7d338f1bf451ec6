package org.commonplace.orchestrator.broker;

import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A mosquitto ACL file ({@code acl_file}), for the embedded broker, read as mosquitto reads it:
 * {@code topic [read|write|readwrite|deny] FILTER} lines before any {@code user} line are for clients
 * without a user name, after {@code user NAME} for that user; {@code pattern [...] FILTER} lines are for
 * everyone, with {@code %u} the user name and {@code %c} the client id. What no line grants is refused;
 * {@code deny} refuses whatever else grants it. A subscription is granted when a read line's filter
 * covers the whole subscription filter (so {@code topic read a/+} does not grant {@code a/#}).
 */
final class MosquittoAcl implements IAuthorizatorPolicy {
    private enum Access { READ, WRITE, READWRITE, DENY }

    private record Rule(Access access, String filter) {
        boolean reads() {
            return access == Access.READ || access == Access.READWRITE;
        }

        boolean writes() {
            return access == Access.WRITE || access == Access.READWRITE;
        }
    }

    private final List<Rule> anonymous;
    private final Map<String, List<Rule>> users;
    private final List<Rule> patterns;

    private MosquittoAcl(List<Rule> anonymous, Map<String, List<Rule>> users, List<Rule> patterns) {
        this.anonymous = anonymous;
        this.users = users;
        this.patterns = patterns;
    }

    static MosquittoAcl read(Path file) throws MosquittoPasswords.Invalid {
        List<String> lines;
        try {
            if (Files.size(file) > MosquittoPasswords.MAX_BYTES) {
                throw new MosquittoPasswords.Invalid("ACL file " + file + " is larger than " + MosquittoPasswords.MAX_BYTES + " bytes");
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MosquittoPasswords.Invalid("cannot read the ACL file " + file + ": " + e.getMessage());
        }
        var anonymous = new ArrayList<Rule>();
        var users = new HashMap<String, List<Rule>>();
        var patterns = new ArrayList<Rule>();
        List<Rule> current = anonymous;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = "ACL file " + file + " line " + (i + 1);
            String[] words = line.split("\\s+", 3);
            switch (words[0]) {
                case "user" -> {
                    if (words.length < 2) {
                        throw new MosquittoPasswords.Invalid(where + ": expected user NAME");
                    }
                    current = users.computeIfAbsent(line.substring(4).strip(), u -> new ArrayList<>());
                }
                case "topic" -> current.add(rule(line.substring(5).strip(), where));
                case "pattern" -> patterns.add(rule(line.substring(7).strip(), where));
                default -> throw new MosquittoPasswords.Invalid(where + ": expected user, topic or pattern, not '" + words[0] + "'");
            }
        }
        return new MosquittoAcl(anonymous, users, patterns);
    }

    private static Rule rule(String rest, String where) throws MosquittoPasswords.Invalid {
        String[] words = rest.split("\\s+", 2);
        if (words.length == 2) {
            for (Access access : Access.values()) {
                if (access.name().equalsIgnoreCase(words[0])) {
                    return new Rule(access, words[1].strip());
                }
            }
        }
        if (words.length == 1 && !words[0].isEmpty()) {
            return new Rule(Access.READWRITE, words[0]);
        }
        throw new MosquittoPasswords.Invalid(where + ": expected [read|write|readwrite|deny] FILTER");
    }

    @Override
    public boolean canWrite(Topic topic, String user, String client) {
        return allowed(topic.toString(), user, client, false);
    }

    @Override
    public boolean canRead(Topic topic, String user, String client) {
        return allowed(topic.toString(), user, client, true);
    }

    private boolean allowed(String topic, String user, String client, boolean read) {
        var rules = new ArrayList<Rule>(user == null ? anonymous : users.getOrDefault(user, List.of()));
        for (Rule pattern : patterns) {
            if (user == null && pattern.filter().contains("%u")) {
                continue; // mosquitto: a pattern with %u is not for clients without a user name
            }
            String filter = pattern.filter().replace("%u", user == null ? "" : user).replace("%c", client == null ? "" : client);
            rules.add(new Rule(pattern.access(), filter));
        }
        boolean granted = false;
        for (Rule rule : rules) {
            if (!covers(rule.filter(), topic)) {
                continue;
            }
            if (rule.access() == Access.DENY) {
                return false;
            }
            granted |= read ? rule.reads() : rule.writes();
        }
        return granted;
    }

    /** {@return whether ACL filter {@code acl} covers {@code topic} (a topic, or a subscription filter, level by level)} */
    static boolean covers(String acl, String topic) {
        String[] a = acl.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < a.length; i++) {
            if (a[i].equals("#")) {
                return !(i == 0 && t[0].startsWith("$"));
            }
            if (i >= t.length) {
                return false;
            }
            if (a[i].equals("+")) {
                if (t[i].equals("#") || (i == 0 && t[0].startsWith("$"))) {
                    return false;
                }
            } else if (!a[i].equals(t[i])) {
                return false;
            }
        }
        return a.length == t.length;
    }
}
