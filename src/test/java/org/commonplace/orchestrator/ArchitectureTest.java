package org.commonplace.orchestrator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The import rules each package-info.java states in words, checked on the compiled classes: a class that
 * imports what its package's rules do not allow fails the build ({@code bin/test} runs {@code mvn verify},
 * which runs this test).
 *
 * <p>One line per package in {@link #MAY_IMPORT}: the packages of ours it may import (its own and its
 * sub-packages always; {@code spawn.custody} is under {@code spawn}'s rule). A package of ours without a
 * line fails {@link #everyPackageOfOursHasARule}: a new package states what it may import, here and in its
 * package-info, in the same commit.
 */
class ArchitectureTest {

    private static final String ROOT = "org.commonplace.orchestrator";
    private static final String ANY = "*";

    /** Package (under ROOT) → the packages of ours it may import, as its package-info says. */
    private static final Map<String, Set<String>> MAY_IMPORT = rules(
            // The vocabulary and the pure algorithms: nothing of ours.
            rule("model"),
            rule("json"),
            rule("graph"),
            rule("runtime"),
            rule("config", "graph", "model", "json"),
            rule("paho"),
            rule("policy", "model", "config"),
            // The operating system's side: spawn knows no config, policy or supervision state.
            rule("spawn", "runtime", "model"),
            rule("output", "spawn", "runtime"),
            rule("probe", "config", "spawn", "supervise", "paho", "model"),
            rule("supervise", "model", "policy", "spawn", "output", "config"),
            // Around the supervisor: they use its public API, never the other way round.
            rule("notify", "supervise", "model"),
            rule("crash", "supervise", "model", "config", "spawn", "probe", "runtime"),
            rule("mqtt", "supervise", "model", "config", "policy", "paho"),
            rule("broker", "config", "policy", "probe", "spawn"),
            rule("control", "supervise", "model", "output", "spawn", "runtime", "json"),
            rule("export", "config", "supervise", "spawn", "model"),
            // Other processes than the orchestrator's run: never supervise.
            rule("fleet", "config", "model", "output", "policy", "control", "paho"),
            rule("top", "control", "model", "output"),
            // File watching for reload and restart on change: knows no config, process or supervisor.
            rule("watch", "policy"),
            // The command line wires everything together; nothing imports it (no other line names it).
            rule("cli", ANY));

    /**
     * Known violations, frozen until the branches that remove them are merged (issue 23): each is
     * "origin -> target" (top-level classes under ROOT). Delete a line when its violation is gone; the
     * test {@link #noFrozenViolationIsGoneYet} says when one is.
     */
    private static final Set<String> FROZEN = Set.of();

    /** Each library that only some packages may use (their package-info says so). */
    private static final Map<String, Set<String>> LIBRARY_USERS = libraries(
            library("com.googlecode.lanterna..", "top"),
            library("io.moquette..", "broker"),
            library("io.netty..", "broker"),
            library("org.eclipse.paho..", "paho", "probe", "mqtt", "fleet"),
            library("picocli..", "cli"),
            library("org.snakeyaml..", "export"));

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    static Stream<String> packages() {
        return MAY_IMPORT.keySet().stream();
    }

    @ParameterizedTest(name = "{0} imports only what its package-info allows")
    @MethodSource("packages")
    void importsOnlyWhatItsPackageInfoAllows(String pkg) {
        classes().that().resideInAPackage(ROOT + "." + pkg + "..")
                .should(importOnlyOurs(pkg, MAY_IMPORT.get(pkg)))
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void everyPackageOfOursHasARule() {
        Set<String> ours = CLASSES.stream().map(ArchitectureTest::packageOf)
                .filter(p -> p != null).collect(Collectors.toCollection(TreeSet::new));
        assertThat(ours)
                .as("each package of ours needs a line in ArchitectureTest.MAY_IMPORT (what its package-info allows)")
                .isSubsetOf(MAY_IMPORT.keySet());
    }

    @Test
    void noFrozenViolationIsGoneYet() {
        Set<String> actual = CLASSES.stream()
                .flatMap(c -> c.getDirectDependenciesFromSelf().stream())
                .map(ArchitectureTest::pair).collect(Collectors.toSet());
        assertThat(actual)
                .as("a frozen violation that is gone must be deleted from ArchitectureTest.FROZEN")
                .containsAll(FROZEN);
    }

    @ParameterizedTest(name = "only {1} use {0}")
    @MethodSource("libraryRules")
    void aLibraryIsUsedOnlyWhereItsPackageInfoSays(String library, Set<String> users) {
        noClasses().that().resideInAPackage(ROOT + "..")
                .and().resideOutsideOfPackages(users.stream().map(p -> ROOT + "." + p + "..").toArray(String[]::new))
                .should().dependOnClassesThat().resideInAPackage(library)
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> libraryRules() {
        return LIBRARY_USERS.entrySet().stream()
                .map(e -> org.junit.jupiter.params.provider.Arguments.of(e.getKey(), e.getValue()));
    }

    /** supervise/package-info: "Must not touch sockets, files or MQTT". */
    @Test
    void superviseTouchesNoSocketsFilesOrMqtt() {
        noClasses().that().resideInAPackage(ROOT + ".supervise..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "java.net..", "java.nio.channels..", "java.nio.file..", "org.eclipse.paho..")
                .check(CLASSES);
    }

    /** policy/package-info: "Must not use threads, sleep or do I/O"; model and graph: no I/O either. */
    @Test
    void policyModelAndGraphUseNoThreadsAndDoNoIo() {
        noClasses().that().resideInAnyPackage(ROOT + ".policy..", ROOT + ".model..", ROOT + ".graph..")
                .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio..", "java.net..")
                .orShould().dependOnClassesThat().areAssignableTo(Thread.class)
                .orShould().dependOnClassesThat().resideInAPackage("java.util.concurrent..")
                .check(CLASSES);
    }

    /** config/package-info: "Must not start threads, spawn processes". */
    @Test
    void configStartsNoThreadsOrProcesses() {
        noClasses().that().resideInAPackage(ROOT + ".config..")
                .should().dependOnClassesThat().areAssignableTo(Thread.class)
                .orShould().dependOnClassesThat().areAssignableTo(ProcessBuilder.class)
                .orShould().dependOnClassesThat().areAssignableTo(Process.class)
                .orShould().dependOnClassesThat().resideInAPackage("java.util.concurrent..")
                .check(CLASSES);
    }

    /** export/package-info: of supervise, only the plan's record. */
    @Test
    void exportTakesOnlyThePlansRecordFromSupervise() {
        noClasses().that().resideInAPackage(ROOT + ".export..")
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "are in supervise but not ManagedProcess",
                        (JavaClass c) -> c.getPackageName().startsWith(ROOT + ".supervise")
                                && !c.getName().startsWith(ROOT + ".supervise.ManagedProcess")))
                .check(CLASSES);
    }

    private static ArchCondition<JavaClass> importOnlyOurs(String pkg, Set<String> allowed) {
        String what = allowed.contains(ANY) ? "anything of ours" : allowed.isEmpty() ? "nothing of ours"
                : "of ours only " + String.join(", ", new TreeSet<>(allowed));
        return new ArchCondition<>("import " + what) {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                if (allowed.contains(ANY)) {
                    return;
                }
                for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                    String target = packageOf(d.getTargetClass().getBaseComponentType());
                    if (target == null || target.equals(pkg) || allowed.contains(target)) {
                        continue;
                    }
                    boolean frozen = FROZEN.contains(pair(d));
                    events.add(new SimpleConditionEvent(d, frozen,
                            (frozen ? "frozen (issue 23): " : "") + pkg + " may not import " + target + ": "
                                    + d.getDescription()));
                }
            }
        };
    }

    /** The first package name under ROOT ("spawn" for ROOT.spawn.custody.X), or null for other classes. */
    private static String packageOf(JavaClass c) {
        String name = c.getPackageName();
        if (!name.startsWith(ROOT + ".")) {
            return null;
        }
        String rest = name.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    /** "fleet.FleetClient -> probe.MqttProbe": top-level classes, ROOT left out. */
    private static String pair(Dependency d) {
        return shortName(d.getOriginClass()) + " -> " + shortName(d.getTargetClass().getBaseComponentType());
    }

    private static String shortName(JavaClass c) {
        String name = c.getName();
        int inner = name.indexOf('$');
        String top = inner < 0 ? name : name.substring(0, inner);
        return top.startsWith(ROOT + ".") ? top.substring(ROOT.length() + 1) : top;
    }

    private static Map.Entry<String, Set<String>> rule(String pkg, String... mayImport) {
        return Map.entry(pkg, Set.of(mayImport));
    }

    @SafeVarargs
    private static Map<String, Set<String>> rules(Map.Entry<String, Set<String>>... lines) {
        Map<String, Set<String>> map = new LinkedHashMap<>();
        for (Map.Entry<String, Set<String>> line : lines) {
            if (map.put(line.getKey(), line.getValue()) != null) {
                throw new IllegalArgumentException("two lines for package " + line.getKey());
            }
        }
        return map;
    }

    private static Map.Entry<String, Set<String>> library(String library, String... users) {
        return Map.entry(library, Set.of(users));
    }

    @SafeVarargs
    private static Map<String, Set<String>> libraries(Map.Entry<String, Set<String>>... lines) {
        return rules(lines);
    }
}
