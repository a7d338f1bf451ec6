package org.commonplace.orchestrator.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The running JVM's java and the classpaths the tests start programs with. */
public final class Java {
    private Java() {
    }

    /** {@return the java binary of the JVM running the tests (a Java 25)} */
    public static String binary() {
        return ProcessHandle.current().info().command().orElseThrow();
    }

    /** {@return the test JVM's full classpath: main classes, test classes and libraries} */
    public static String classpath() {
        return System.getProperty("java.class.path");
    }

    /** {@return the folder of the test classes, where the fixture mains are} */
    public static String testClasses() {
        try {
            return Path.of(Java.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@return the arguments that run a fixture main quickly: java FLAGS -cp test-classes CLASS ARGS} */
    public static List<String> fixtureArgs(Class<?> main, String... args) {
        var all = new ArrayList<>(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", testClasses(), main.getName()));
        all.addAll(List.of(args));
        return all;
    }
}
