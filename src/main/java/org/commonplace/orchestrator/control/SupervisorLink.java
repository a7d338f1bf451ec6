package org.commonplace.orchestrator.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.commonplace.orchestrator.model.ProcessSnapshot;
import org.commonplace.orchestrator.supervise.Command;
import org.commonplace.orchestrator.supervise.CommandReply;
import org.commonplace.orchestrator.supervise.Event;
import org.commonplace.orchestrator.supervise.Supervisor;
import org.commonplace.orchestrator.supervise.UnknownNames;

/**
 * How a client's thread reaches the supervisor: as a command event of its loop, answered through a
 * future. Nothing else of a client touches supervision state.
 */
final class SupervisorLink {
    private final Supervisor supervisor;

    SupervisorLink(Supervisor supervisor) {
        this.supervisor = supervisor;
    }

    /** {@return the supervisor's answer to {@code command}} */
    CommandReply ask(Command command) {
        var reply = new CompletableFuture<CommandReply>();
        supervisor.post(new Event.Control(command, reply));
        return reply.join();
    }

    /** {@return the processes as the supervisor knows them now} */
    List<ProcessSnapshot> processes() {
        return ask(new Command.Snapshot()).processes();
    }

    /**
     * {@return the {@code unknown_process} reply for the names in {@code names} that are neither a
     * process nor one of {@code more}, or empty when all are known}
     */
    Optional<com.fasterxml.jackson.databind.node.ObjectNode> unknown(List<String> names, String... more) {
        var known = new ArrayList<>(processes().stream().map(ProcessSnapshot::name).toList());
        known.addAll(List.of(more));
        var unknown = names.stream().filter(n -> !known.contains(n)).distinct().toList();
        return unknown.isEmpty() ? Optional.empty()
                : Optional.of(Replies.unknownProcesses(UnknownNames.describe(unknown, known), unknown));
    }

    /** Waits for a reply that may take long (a start waits for readiness), giving up when the client leaves. */
    Optional<CommandReply> askWhileConnected(SocketChannel client, Command command) {
        var reply = new CompletableFuture<CommandReply>();
        supervisor.post(new Event.Control(command, reply));
        ByteBuffer probe = ByteBuffer.allocate(1);
        while (true) {
            try {
                return Optional.of(reply.get(1, TimeUnit.SECONDS));
            } catch (TimeoutException e) {
                if (hasLeft(client, probe)) {
                    reply.cancel(false); // nobody waits for it any more: its place among the pending replies is free
                    return Optional.empty();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    /**
     * {@return whether the client has closed its end} — a read that must not wait, so a client that
     * says nothing more but stays connected is not mistaken for one that left.
     */
    static boolean hasLeft(SocketChannel client, ByteBuffer probe) {
        try {
            client.configureBlocking(false);
            probe.clear();
            int n = client.read(probe);
            client.configureBlocking(true);
            return n < 0;
        } catch (IOException e) {
            return true;
        }
    }
}
