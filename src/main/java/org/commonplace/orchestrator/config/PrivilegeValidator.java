package org.commonplace.orchestrator.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.commonplace.orchestrator.model.Privileges;
import org.commonplace.orchestrator.model.Privileges.Account;
import org.commonplace.orchestrator.model.Privileges.Limit;
import org.commonplace.orchestrator.json.JsonTrees;

/**
 * Reads a process's privilege keys ({@code user}, {@code group}, {@code supplementary_groups},
 * {@code umask}, {@code limits}, {@code nice}, {@code oom_score_adj}, {@code no_new_privileges},
 * {@code capabilities}) into one resolved {@link Privileges}, and refuses what could only fail at
 * start: an unknown user or group, another user when we are not root, a limit above the hard limit we
 * hold, a capability that does not exist. Each is one error; nothing is started.
 */
final class PrivilegeValidator {
    static final List<String> FIELDS = List.of("user", "group", "supplementary_groups", "umask", "limits", "nice",
            "oom_score_adj", "no_new_privileges", "capabilities");
    private static final Pattern UMASK = Pattern.compile("0?[0-7]{3}");

    private final Problems problems;
    private final FieldReader read;
    private final AccountDatabase accounts;
    private final OwnCredentials we;

    PrivilegeValidator(Problems problems) {
        this(problems, AccountDatabase.system(), OwnCredentials.current());
    }

    PrivilegeValidator(Problems problems, AccountDatabase accounts, OwnCredentials we) {
        this.problems = problems;
        this.read = new FieldReader(problems);
        this.accounts = accounts;
        this.we = we;
    }

    /** {@return the privileges of the process at {@code path}; {@link Privileges#NONE} without any key} */
    Privileges validate(String path, ObjectNode process) {
        if (FIELDS.stream().noneMatch(process::has)) {
            return Privileges.NONE;
        }
        Optional<Account> account = account(path, process);
        OptionalInt umask = read.string(path + ".umask", process.get("umask")).map(text -> {
            if (!UMASK.matcher(text).matches()) {
                problems.error(path + ".umask", "expected an octal mask such as \"027\", got \"" + text + "\"");
                return OptionalInt.empty();
            }
            return OptionalInt.of(Integer.parseInt(text, 8));
        }).orElse(OptionalInt.empty());
        Map<String, Limit> limits = limits(path + ".limits", process.get("limits"));
        OptionalInt nice = number(path + ".nice", process.get("nice"), -20, 19);
        if (nice.isPresent() && nice.getAsInt() < 0 && !we.root()) {
            problems.error(path + ".nice", "a negative nice needs root; we run as uid " + we.euid());
        }
        OptionalInt oom = number(path + ".oom_score_adj", process.get("oom_score_adj"), -1000, 1000);
        if (oom.isPresent() && oom.getAsInt() < 0 && !we.root()) {
            problems.error(path + ".oom_score_adj", "a negative oom_score_adj needs root; we run as uid " + we.euid());
        }
        boolean noNewPrivileges = read.bool(path + ".no_new_privileges", process.get("no_new_privileges"))
                .orElse(account.isPresent());
        List<String> capabilities = capabilities(path + ".capabilities", process.get("capabilities"), account);
        return new Privileges(account, umask, limits, nice, oom, noNewPrivileges, capabilities);
    }

    private Optional<Account> account(String path, ObjectNode process) {
        JsonNode userNode = process.get("user");
        if (userNode == null) {
            for (String key : List.of("group", "supplementary_groups")) {
                if (process.has(key)) {
                    problems.error(path + "." + key, "\"" + key + "\" needs \"user\" beside it (the account to run as)");
                }
            }
            return Optional.empty();
        }
        Optional<AccountDatabase.User> found = idOrName(path + ".user", userNode, "user").flatMap(key -> {
            Optional<AccountDatabase.User> user = key.id().isPresent()
                    ? accounts.user(key.id().get()).or(() -> Optional.of(new AccountDatabase.User(key.text(),
                            key.id().get(), -1, "/", "/bin/sh")))
                    : accounts.user(key.text());
            if (user.isEmpty()) {
                problems.error(path + ".user", "unknown user \"" + key.text() + "\" (not in /etc/passwd)");
            }
            return user;
        });
        if (found.isEmpty()) {
            return Optional.empty();
        }
        AccountDatabase.User user = found.get();
        if (!we.root() && user.uid() != we.euid()) {
            problems.error(path + ".user", "only root can run a process as another user; we run as uid "
                    + we.euid() + ", \"" + user.name() + "\" is uid " + user.uid());
            return Optional.empty();
        }
        Optional<AccountDatabase.Group> group = process.has("group")
                ? group(path + ".group", process.get("group"))
                : accounts.group(user.gid()).or(() -> user.gid() < 0 ? Optional.empty()
                        : Optional.of(new AccountDatabase.Group(Integer.toString(user.gid()), user.gid(), List.of())));
        if (group.isEmpty()) {
            if (!process.has("group")) {
                problems.error(path + ".user", "uid " + user.uid() + " has no entry in /etc/passwd to take its group"
                        + " from; set \"group\" too");
            }
            return Optional.empty();
        }
        List<Integer> groups;
        if (process.has("supplementary_groups")) {
            List<String> names = read.strings(path + ".supplementary_groups", process.get("supplementary_groups"))
                    .orElse(List.of());
            groups = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                String at = JsonPaths.index(path + ".supplementary_groups", i);
                lookUpGroup(at, names.get(i)).ifPresent(g -> groups.add(g.gid()));
            }
        } else {
            groups = accounts.groupsOf(user.name(), group.get().gid());
        }
        return Optional.of(new Account(user.name(), user.uid(), group.get().name(), group.get().gid(), groups,
                user.home(), user.shell()));
    }

    private Optional<AccountDatabase.Group> group(String path, JsonNode node) {
        return idOrName(path, node, "group").flatMap(key -> key.id().isPresent()
                ? accounts.group(key.id().get()).or(() -> Optional.of(new AccountDatabase.Group(key.text(),
                        key.id().get(), List.of())))
                : lookUpGroup(path, key.text()));
    }

    private Optional<AccountDatabase.Group> lookUpGroup(String path, String name) {
        Optional<Integer> id = AccountDatabase.parseId(name);
        Optional<AccountDatabase.Group> group = id.isPresent()
                ? accounts.group(id.get()).or(() -> Optional.of(new AccountDatabase.Group(name, id.get(), List.of())))
                : accounts.group(name);
        if (group.isEmpty()) {
            problems.error(path, "unknown group \"" + name + "\" (not in /etc/group)");
        }
        return group;
    }

    /** A name, or a number (a uid or gid); {@code id} is set for numbers and for names that are all digits. */
    private record Key(String text, Optional<Integer> id) {
    }

    private Optional<Key> idOrName(String path, JsonNode node, String what) {
        if (node.isIntegralNumber()) {
            Optional<Integer> id = node.canConvertToLong() ? AccountDatabase.parseId(Long.toString(node.longValue()))
                    : Optional.empty();
            if (id.isEmpty()) {
                problems.error(path, "expected a " + what + " name or id from 0 to 4294967294, got " + JsonTrees.text(node));
                return Optional.empty();
            }
            return Optional.of(new Key(node.asText(), id));
        }
        if (!node.isTextual() || node.textValue().isBlank()) {
            problems.error(path, "expected a " + what + " name or id, got " + FieldReader.describe(node));
            return Optional.empty();
        }
        return Optional.of(new Key(node.textValue(), AccountDatabase.parseId(node.textValue())));
    }

    private OptionalInt number(String path, JsonNode node, int min, int max) {
        var value = read.wholeNumber(path, node, min, max, "the kernel's limit");
        return value.isPresent() ? OptionalInt.of((int) value.getAsLong()) : OptionalInt.empty();
    }

    private Map<String, Limit> limits(String path, JsonNode node) {
        var limits = new LinkedHashMap<String, Limit>();
        Optional<ObjectNode> found = read.object(path, node, "an object such as {\"nofile\": 65536}");
        if (found.isEmpty()) {
            return limits;
        }
        read.unknownFields(path, found.get(), Privileges.LIMIT_NAMES);
        for (String name : Privileges.LIMIT_NAMES) {
            JsonNode value = found.get().get(name);
            if (value != null) {
                limit(JsonPaths.child(path, name), name, value).ifPresent(l -> limits.put(name, l));
            }
        }
        return limits;
    }

    /** A number or "unlimited" for both, or {"soft": ..., "hard": ...}. */
    private Optional<Limit> limit(String path, String name, JsonNode node) {
        Optional<Limit> limit;
        if (node.isObject()) {
            read.unknownFields(path, (ObjectNode) node, List.of("soft", "hard"));
            OptionalLongish soft = value(path + ".soft", node.get("soft"));
            OptionalLongish hard = value(path + ".hard", node.get("hard"));
            if (!soft.ok() || !hard.ok() || (soft.absent() && hard.absent())) {
                if (soft.ok() && hard.ok()) {
                    problems.error(path, "expected \"soft\" and/or \"hard\"");
                }
                return Optional.empty();
            }
            long h = hard.absent() ? soft.value() : hard.value();
            long s = soft.absent() ? h : soft.value();
            if (above(s, h)) {
                problems.error(path, "soft limit " + Limit.text(s, "unlimited") + " is above the hard limit "
                        + Limit.text(h, "unlimited"));
                return Optional.empty();
            }
            limit = Optional.of(new Limit(s, h));
        } else {
            OptionalLongish both = value(path, node);
            limit = both.ok() ? Optional.of(new Limit(both.value(), both.value())) : Optional.empty();
        }
        Long ours = we.hardLimits().get(name);
        if (limit.isPresent() && !we.root() && ours != null && above(limit.get().hard(), ours)) {
            problems.error(path, "hard limit " + Limit.text(limit.get().hard(), "unlimited") + " is above the "
                    + Limit.text(ours, "unlimited") + " we hold; only root can raise it");
            return Optional.empty();
        }
        return limit;
    }

    private static boolean above(long value, long limit) {
        return limit != Limit.UNLIMITED && (value == Limit.UNLIMITED || value > limit);
    }

    private record OptionalLongish(boolean ok, boolean absent, long value) {
    }

    private OptionalLongish value(String path, JsonNode node) {
        if (node == null) {
            return new OptionalLongish(true, true, 0);
        }
        if (node.isTextual() && (node.textValue().equals("unlimited") || node.textValue().equals("infinity"))) {
            return new OptionalLongish(true, false, Limit.UNLIMITED);
        }
        if (node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 0) {
            return new OptionalLongish(true, false, node.longValue());
        }
        problems.error(path, "expected a whole number from 0 up or \"unlimited\", got " + FieldReader.describe(node));
        return new OptionalLongish(false, false, 0);
    }

    private List<String> capabilities(String path, JsonNode node, Optional<Account> account) {
        List<String> names = read.strings(path, node).orElse(List.of());
        var capabilities = new ArrayList<String>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            Optional<String> known = CapabilityNames.canonical(name);
            if (known.isEmpty()) {
                problems.error(JsonPaths.index(path, i), "unknown capability \"" + name + "\""
                        + Suggestions.closest(name.toUpperCase(java.util.Locale.ROOT), CapabilityNames.ALL)
                        .map(s -> "; did you mean " + s + "?").orElse(" (see capabilities(7))"));
            } else if (!capabilities.contains(known.get())) {
                capabilities.add(known.get());
            }
        }
        if (!capabilities.isEmpty() && (account.isEmpty() || account.get().uid() == 0)) {
            problems.error(path, "\"capabilities\" are kept across a change of user: set \"user\" to the"
                    + " account that should hold them (root holds them all anyway)");
        } else if (!capabilities.isEmpty() && !we.root()) {
            problems.error(path, "only root can hand a process capabilities; we run as uid " + we.euid());
        }
        return capabilities;
    }
}
