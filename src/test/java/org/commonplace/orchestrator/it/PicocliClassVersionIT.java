package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * Issue 29: picocli's classes in the shipped jar have a current class file version. picocli's own jar
 * is compiled for Java 5 (version 49); JDK 25's AOT cache does not store such classes once they have
 * been linked, so every call read ~170 of them from the jar and verified them anew. The build compiles
 * picocli's sources for our release instead (pom.xml), and the jar must hold only that copy.
 */
final class PicocliClassVersionIT {
    private static final Path JAR = Path.of(System.getProperty("user.dir"), "target/commonplace-orchestrator.jar");
    /** Java 25's class file major version. */
    private static final int JAVA_25 = 69;

    @Test
    void everyPicocliClassInTheJarIsCompiledForJava25() throws IOException {
        List<String> old = new ArrayList<>();
        int picocliClasses = 0;
        try (var jar = new JarFile(JAR.toFile())) {
            for (var entry : jar.stream().toList()) {
                String name = entry.getName();
                if (!name.endsWith(".class") || !(name.startsWith("picocli/") || name.contains("/picocli/"))) {
                    continue;
                }
                picocliClasses++;
                try (InputStream in = jar.getInputStream(entry)) {
                    int major = majorVersion(in);
                    if (major < JAVA_25) {
                        old.add(name + " (" + major + ")");
                    }
                }
            }
        }
        assertThat(picocliClasses).as("picocli's classes in " + JAR).isGreaterThan(150);
        assertThat(old).as("picocli classes below class file version " + JAVA_25).isEmpty();
    }

    /** A class file starts with 0xCAFEBABE, the minor version and the major version (JVMS 4.1). */
    private static int majorVersion(InputStream in) throws IOException {
        var data = new DataInputStream(in);
        assertThat(data.readInt()).isEqualTo(0xCAFEBABE);
        data.readUnsignedShort();
        return data.readUnsignedShort();
    }
}
