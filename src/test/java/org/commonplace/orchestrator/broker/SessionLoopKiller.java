package org.commonplace.orchestrator.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A test-only Java agent that ends a running broker's session loop thread the way a throwing Moquette
 * command does: loaded into the broker's JVM with the attach API ({@link #into}), it puts a task that
 * throws on the queue of each of Moquette's session loops; {@code SessionEventLoop} rethrows it and the
 * thread dies of it. No client can do that any more (the DISCONNECT + PUBACK double free is closed by
 * {@link ConnectOrder}), and production code has no hook for it. One class (no lambdas), so that its jar
 * holds this file alone.
 */
public final class SessionLoopKiller implements Callable<String> {
    /** What the task throws, and so what the broker's dying line names. */
    static final String MESSAGE = "thrown on the session loop by the test agent SessionLoopKiller";

    /** Where the agent starts in the broker's JVM. */
    public static void agentmain(String arguments, Instrumentation instrumentation) throws ReflectiveOperationException {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getClass().getName().equals("io.moquette.broker.SessionEventLoop")) {
                Field field = thread.getClass().getDeclaredField("sessionQueue");
                field.setAccessible(true);
                @SuppressWarnings("unchecked")
                var queue = (BlockingQueue<FutureTask<String>>) field.get(thread);
                if (!queue.offer(new FutureTask<>(new SessionLoopKiller()))) {
                    throw new IllegalStateException("the session loop's queue is full");
                }
            }
        }
    }

    @Override
    public String call() {
        throw new IllegalStateException(MESSAGE);
    }

    /** Loads this agent into the JVM of {@code pid} (its jar made in {@code dir}). */
    static void into(long pid, Path dir) throws Exception {
        Path jar = dir.resolve("session-loop-killer.jar");
        var manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Agent-Class", SessionLoopKiller.class.getName());
        String entry = SessionLoopKiller.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); var out = new JarOutputStream(file, manifest);
                var in = SessionLoopKiller.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        var vm = com.sun.tools.attach.VirtualMachine.attach(Long.toString(pid));
        try {
            vm.loadAgent(jar.toString());
        } finally {
            vm.detach();
        }
    }
}
