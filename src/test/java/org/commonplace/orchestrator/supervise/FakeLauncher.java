package org.commonplace.orchestrator.supervise;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.commonplace.orchestrator.spawn.Child;
import org.commonplace.orchestrator.spawn.LaunchException;
import org.commonplace.orchestrator.spawn.LaunchSpec;
import org.commonplace.orchestrator.spawn.Launcher;

/** Launches fake children (command = process name), or fails for commands it is told to fail. */
final class FakeLauncher implements Launcher {
    final List<FakeChild> launched = new ArrayList<>();
    final Set<String> failing = new HashSet<>();
    private long nextPid = 1000;

    /** The commands of each batch started through {@link #launchAll}, in order. */
    final List<List<String>> batches = new ArrayList<>();

    @Override
    public List<org.commonplace.orchestrator.spawn.Launched> launchAll(List<LaunchSpec> specs) {
        batches.add(specs.stream().map(LaunchSpec::command).toList());
        return Launcher.super.launchAll(specs);
    }

    @Override
    public Child launch(LaunchSpec spec) throws LaunchException {
        if (failing.contains(spec.command())) {
            throw new LaunchException("command '" + spec.command() + "' not found on PATH");
        }
        var child = new FakeChild(spec.command(), nextPid++);
        launched.add(child);
        return child;
    }

    /** {@return the most recent child of that name} */
    FakeChild latest(String name) {
        return launched.reversed().stream().filter(c -> c.name.equals(name)).findFirst().orElseThrow();
    }

    long launches(String name) {
        return launched.stream().filter(c -> c.name.equals(name)).count();
    }

    /** {@return the names in launch order} */
    List<String> order() {
        return launched.stream().map(c -> c.name).toList();
    }
}
