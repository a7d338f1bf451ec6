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

    /**
     * {@return the test JVM's classpath with the main classes packed into a jar in {@code dir}, and
     * without the test classes} As the installed orchestrator runs: from a jar it keeps open. From a
     * folder, each class loaded late opens a file, which fails when the table of open files is full;
     * tests that fill it run the orchestrator so.
     */
    public static String classpathWithMainJar(Path dir) {
        var entries = new ArrayList<String>();
        for (String entry : classpath().split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            if (!java.nio.file.Files.isDirectory(path)) {
                entries.add(entry);
            } else if (!path.toString().equals(testClasses())) {
                entries.add(jar(path, dir.resolve(path.getFileName() + ".jar")).toString());
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static Path jar(Path classes, Path jar) {
        try (var out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar));
             var files = java.nio.file.Files.walk(classes)) {
            for (Path file : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                out.putNextEntry(new java.util.jar.JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                java.nio.file.Files.copy(file, out);
                out.closeEntry();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return jar;
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
