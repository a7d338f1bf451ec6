package org.commonplace.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MQTT fabric fields and remote dependencies: defaults, validation, one-line errors. */
final class FabricConfigTest {
    @TempDir
    Path dir;

    private LoadResult load(String json) throws IOException {
        return new ConfigLoader(false).load(Files.writeString(dir.resolve("shop.json"), json));
    }

    private List<String> problems(String json) throws IOException {
        return load(json).problems().stream().map(p -> p.format().replace(dir + "/", "")).toList();
    }

    @Test
    void defaultsAreTheHostConfigFolderAndPathHashThePrefixStatePublishedAndCommandsOff() throws IOException {
        FabricSettings fabric = load("{\"processes\": {\"a\": {\"command\": \"x\"}}}").config().orElseThrow().fabric();
        String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        assertThat(fabric.instance()).isEqualTo(FabricSettings.defaultInstance(host, dir.resolve("shop.json")));
        assertThat(fabric.instance()).matches(java.util.regex.Pattern.quote(host.replaceAll("[^A-Za-z0-9._-]", "-") + "-"
                + dir.getFileName()) + "-[0-9a-f]{6}");
        assertThat(fabric.prefix()).isEqualTo("commonplace/orchestrator");
        assertThat(fabric.publishState()).isTrue();
        assertThat(fabric.commands()).isFalse();
        assertThat(fabric.username()).isEmpty();
    }

    /** Issue 23 item 8: two folders' commonplace.json on one host had one default instance, "HOST-commonplace". */
    @Test
    void twoConfigsOfOneNameInTwoFoldersGetTwoDefaultInstancesStableAcrossStarts() {
        String a = FabricSettings.defaultInstance("vm", Path.of("/srv/shop/commonplace.json"));
        String b = FabricSettings.defaultInstance("vm", Path.of("/srv/blog/commonplace.json"));
        String c = FabricSettings.defaultInstance("vm", Path.of("/home/x/shop/commonplace.json"));
        assertThat(a).matches("vm-shop-[0-9a-f]{6}");
        assertThat(b).matches("vm-blog-[0-9a-f]{6}");
        assertThat(c).matches("vm-shop-[0-9a-f]{6}").isNotEqualTo(a);
        assertThat(FabricSettings.defaultInstance("vm", Path.of("/srv/shop/./commonplace.json"))).isEqualTo(a);
        assertThat(FabricSettings.defaultInstance("vm", Path.of("/srv/shop/other.json"))).isNotEqualTo(a);
    }

    @Test
    void theDefaultInstanceKeepsOnlyCharactersATopicLevelNeedsNoEscapingFor() {
        assertThat(FabricSettings.defaultInstance("box.local", Path.of("/etc/my config+#/c.json"))).matches("box\\.local-my-config---[0-9a-f]{6}");
        assertThat(FabricSettings.defaultInstance("", Path.of("/a/c.json"))).matches("localhost-a-[0-9a-f]{6}");
        assertThat(FabricSettings.defaultInstance("-x", Path.of("/a/c.json"))).matches("x-a-[0-9a-f]{6}");
        assertThat(FabricSettings.defaultInstance("h".repeat(100), Path.of("/a/c.json"))).hasSize(64).matches("h+-[0-9a-f]{6}");
        assertThat(FabricSettings.defaultInstance("vm", Path.of("/c.json"))).matches("vm-root-[0-9a-f]{6}");
        assertThat(org.commonplace.orchestrator.model.Names.validInstance(FabricSettings.defaultInstance("h".repeat(100), Path.of("/a/c.json")))).isTrue();
    }

    @Test
    void fieldsAreTaken() throws IOException {
        Files.writeString(dir.resolve("pass"), "s3cret\n");
        FabricSettings fabric = load("""
                {"instance": "shop-1", "state_topic_prefix": "site/orch/", "publish_state": false, "mqtt_commands": true,
                 "mqtt_username": "orch", "mqtt_password_file": "pass", "processes": {"a": {"command": "x"}}}
                """).config().orElseThrow().fabric();
        assertThat(fabric).isEqualTo(new FabricSettings("shop-1", "site/orch", false, true,
                java.util.Optional.of("orch"), java.util.Optional.of(dir.resolve("pass"))));
    }

    @Test
    void badInstancePrefixAndPasswordFileAreOneLineErrorsNamingFieldAndValue() throws IOException {
        assertThat(problems("""
                {"instance": "a/b", "state_topic_prefix": "x/#", "mqtt_password_file": "nowhere",
                 "processes": {"a": {"command": "x"}}}
                """)).containsExactly(
                "shop.json:1:14: error: instance: \"a/b\" is not a valid instance: use 1 to 64 letters, digits, '.', '_' or '-',"
                        + " not starting with '.' or '-' (it becomes an MQTT topic level and the INSTANCE of INSTANCE/NAME dependencies)",
                "shop.json:1:43: error: state_topic_prefix: \"x/#\" is not a usable topic prefix: it holds a wildcard ('+' or '#'),"
                        + " which a topic to publish on cannot (default commonplace/orchestrator)",
                "shop.json:1:72: error: mqtt_password_file: \"nowhere\" is not a file (looked at nowhere)");
        assertThat(problems("{\"state_topic_prefix\": \"$SYS/x\", \"processes\": {\"a\": {\"command\": \"x\"}}}"))
                .singleElement().asString().contains("topics starting with '$' are the broker's own");
        assertThat(problems("{\"instance\": \".hidden\", \"processes\": {\"a\": {\"command\": \"x\"}}}"))
                .singleElement().asString().contains("not a valid instance");
    }

    @Test
    void aRemoteDependencyIsNoLocalEdgeAndNeedsABroker() throws IOException {
        String json = """
                {%s"processes": {"web": {"command": "x", "depends_on": ["alpha/store", "db"]}, "db": {"command": "x"}}}
                """;
        OrchestratorConfig config = load(json.formatted("\"mqtt_broker\": \"localhost\", ")).config().orElseThrow();
        assertThat(config.startOrder()).containsExactly("db", "web");
        assertThat(config.process("web").orElseThrow().dependsOn()).containsExactly("alpha/store", "db");
        assertThat(config.remoteDependencies()).containsExactly("alpha/store");
        assertThat(problems(json.formatted(""))).singleElement().asString()
                .contains("processes.web.depends_on[0]: remote dependency 'alpha/store' needs a broker: set \"mqtt_broker\"");
    }

    @Test
    void badRemoteDependenciesAreErrors() throws IOException {
        assertThat(problems("""
                {"mqtt_broker": "localhost", "instance": "me", "processes": {"web": {"command": "x",
                  "depends_on": ["a/b/c", "/store", "me/web2", "alpha/store", "alpha/store"]}, "web2": {"command": "x"}}}
                """)).extracting(p -> p.replaceAll("^shop.json:\\d+:\\d+: error: ", "")).containsExactly(
                "processes.web.depends_on[0]: remote dependency 'a/b/c' must be INSTANCE/NAME: one '/' between an instance"
                        + " and a process name, each of letters, digits, '.', '_' and '-'",
                "processes.web.depends_on[1]: remote dependency '/store' must be INSTANCE/NAME: one '/' between an instance"
                        + " and a process name, each of letters, digits, '.', '_' and '-'",
                "processes.web.depends_on[2]: 'me/web2' names this orchestrator's own instance; write 'web2' for a process of this config",
                "processes.web.depends_on[4]: duplicate dependency 'alpha/store' (already listed at processes.web.depends_on[3])");
    }

    @Test
    void aPasswordFileWithoutAUserNameIsAnError() throws IOException {
        Files.writeString(dir.resolve("pass"), "s3cret\n");
        assertThat(problems("{\"mqtt_password_file\": \"pass\", \"processes\": {\"a\": {\"command\": \"x\"}}}"))
                .singleElement().asString().contains("a password needs a user name: set \"mqtt_username\" too");
    }
}
