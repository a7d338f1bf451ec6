package org.commonplace.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.commonplace.orchestrator.model.Privileges;
import org.commonplace.orchestrator.model.Privileges.Account;
import org.commonplace.orchestrator.model.Privileges.Limit;
import org.junit.jupiter.api.Test;

/**
 * The privilege keys against a user and group database of the test's own and a given "us" (root or
 * not): what resolves, the defaults, and each refusal as one error at its key.
 */
final class PrivilegeConfigTest {
    private static final AccountDatabase ACCOUNTS = new AccountDatabase(
            List.of(new AccountDatabase.User("root", 0, 0, "/root", "/bin/bash"),
                    new AccountDatabase.User("web", 1001, 1001, "/srv/web", "/bin/sh"),
                    new AccountDatabase.User("me", 1500, 1500, "/home/me", "/bin/bash")),
            List.of(new AccountDatabase.Group("root", 0, List.of()), new AccountDatabase.Group("web", 1001, List.of()),
                    new AccountDatabase.Group("www", 33, List.of("web", "other")),
                    new AccountDatabase.Group("ssl", 120, List.of("web"))));
    private static final OwnCredentials ROOT = new OwnCredentials(0, Map.of("nofile", 4096L));
    private static final OwnCredentials ME = new OwnCredentials(1500, Map.of("nofile", 4096L, "core", Limit.UNLIMITED));

    private record Result(Privileges privileges, List<Problem> problems) {
        List<String> messages() {
            return problems.stream().map(p -> p.jsonPath() + ": " + p.message()).toList();
        }
    }

    private static Result validate(OwnCredentials we, String fields) throws Exception {
        var document = LocatedJsonReader.read(("{\"processes\": {\"web\": {\"command\": \"x\", " + fields + "}}}")
                .getBytes(StandardCharsets.UTF_8));
        var problems = new Problems(Path.of("c.json"), document.locations(), true);
        var process = (ObjectNode) document.root().get("processes").get("web");
        var privileges = new PrivilegeValidator(problems, ACCOUNTS, we).validate("processes.web", process);
        return new Result(privileges, problems.inFileOrder());
    }

    @Test
    void aUserByNameGetsItsPrimaryGroupItsGroupsAsInitgroupsAndNoNewPrivileges() throws Exception {
        Result r = validate(ROOT, "\"user\": \"web\"");
        assertThat(r.problems()).isEmpty();
        assertThat(r.privileges()).isEqualTo(new Privileges(
                Optional.of(new Account("web", 1001, "web", 1001, List.of(1001, 33, 120), "/srv/web", "/bin/sh")),
                OptionalInt.empty(), Map.of(), OptionalInt.empty(), OptionalInt.empty(), true, List.of()));
    }

    @Test
    void everyKeyIsReadAsWritten() throws Exception {
        Result r = validate(ROOT, "\"user\": 1001, \"group\": \"www\", \"supplementary_groups\": [], \"umask\": \"0027\","
                + " \"limits\": {\"nofile\": 65536, \"core\": \"unlimited\", \"stack\": {\"soft\": 8388608, \"hard\": \"unlimited\"}},"
                + " \"nice\": -5, \"oom_score_adj\": -100, \"no_new_privileges\": false, \"capabilities\": [\"net_bind_service\"]");
        assertThat(r.problems()).isEmpty();
        var p = r.privileges();
        assertThat(p.account()).contains(new Account("web", 1001, "www", 33, List.of(), "/srv/web", "/bin/sh"));
        assertThat(p.umask()).hasValue(027);
        assertThat(p.limits()).containsExactly(Map.entry("nofile", new Limit(65536, 65536)),
                Map.entry("core", new Limit(Limit.UNLIMITED, Limit.UNLIMITED)),
                Map.entry("stack", new Limit(8388608, Limit.UNLIMITED)));
        assertThat(p.nice()).hasValue(-5);
        assertThat(p.oomScoreAdj()).hasValue(-100);
        assertThat(p.noNewPrivileges()).isFalse();
        assertThat(p.capabilities()).containsExactly("CAP_NET_BIND_SERVICE");
    }

    @Test
    void withoutAnyKeyNothingChanges() throws Exception {
        assertThat(validate(ROOT, "\"args\": []").privileges()).isEqualTo(Privileges.NONE);
    }

    @Test
    void anUnknownUserOrGroupIsOneErrorEach() throws Exception {
        assertThat(validate(ROOT, "\"user\": \"nosuch\"").messages())
                .containsExactly("processes.web.user: unknown user \"nosuch\" (not in /etc/passwd)");
        assertThat(validate(ROOT, "\"user\": \"web\", \"group\": \"nosuch\"").messages())
                .containsExactly("processes.web.group: unknown group \"nosuch\" (not in /etc/group)");
        assertThat(validate(ROOT, "\"user\": \"web\", \"supplementary_groups\": [\"www\", \"nope\"]").messages())
                .containsExactly("processes.web.supplementary_groups[1]: unknown group \"nope\" (not in /etc/group)");
    }

    @Test
    void withoutRootOnlyOurOwnUserIsAllowed() throws Exception {
        assertThat(validate(ME, "\"user\": \"web\"").messages()).containsExactly("processes.web.user: only root can run"
                + " a process as another user; we run as uid 1500, \"web\" is uid 1001");
        assertThat(validate(ME, "\"user\": \"me\"").problems()).isEmpty();
        assertThat(validate(ME, "\"user\": 1500").problems()).isEmpty();
    }

    @Test
    void aLimitAboveTheHardLimitWeHoldIsRefusedUnlessWeAreRoot() throws Exception {
        assertThat(validate(ME, "\"limits\": {\"nofile\": 65536}").messages()).containsExactly(
                "processes.web.limits.nofile: hard limit 65536 is above the 4096 we hold; only root can raise it");
        assertThat(validate(ME, "\"limits\": {\"nofile\": {\"soft\": 1024, \"hard\": 4096}, \"core\": \"unlimited\"}")
                .problems()).isEmpty();
        assertThat(validate(ROOT, "\"limits\": {\"nofile\": 65536}").problems()).isEmpty();
        assertThat(validate(ROOT, "\"limits\": {\"nofile\": {\"soft\": 10, \"hard\": 5}}").messages())
                .containsExactly("processes.web.limits.nofile: soft limit 10 is above the hard limit 5");
    }

    @Test
    void anUnknownCapabilityIsRefusedWithTheClosestName() throws Exception {
        assertThat(validate(ROOT, "\"user\": \"web\", \"capabilities\": [\"CAP_NET_BIND_SERVIC\"]").messages())
                .containsExactly("processes.web.capabilities[0]: unknown capability \"CAP_NET_BIND_SERVIC\"; did you"
                        + " mean CAP_NET_BIND_SERVICE?");
        assertThat(validate(ROOT, "\"capabilities\": [\"net_bind_service\"]").messages()).hasSize(1)
                .allMatch(m -> m.contains("set \"user\""));
    }

    @Test
    void badValuesSayWhatIsExpected() throws Exception {
        assertThat(validate(ROOT, "\"umask\": \"999\"").messages())
                .containsExactly("processes.web.umask: expected an octal mask such as \"027\", got \"999\"");
        assertThat(validate(ROOT, "\"nice\": 40").messages()).hasSize(1).allMatch(m -> m.contains("at most 19"));
        assertThat(validate(ME, "\"nice\": -1").messages()).containsExactly(
                "processes.web.nice: a negative nice needs root; we run as uid 1500");
        assertThat(validate(ROOT, "\"group\": \"web\"").messages()).containsExactly(
                "processes.web.group: \"group\" needs \"user\" beside it (the account to run as)");
    }
}
