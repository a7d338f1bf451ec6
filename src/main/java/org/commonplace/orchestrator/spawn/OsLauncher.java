package org.commonplace.orchestrator.spawn;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts real programs with {@link ProcessBuilder}, each as the leader of a new session and process
 * group, with stdin from /dev/null and {@code PYTHONUNBUFFERED=1} unless the spec sets it.
 *
 * <p>The JDK cannot run code between fork and exec, so the new session comes from util-linux's
 * {@code setsid}, and the parent-death signal from {@code setpriv --pdeathsig KILL}; both exec in
 * place, so the pid we get is the program's own pid and its process-group id.
 */
public final class OsLauncher implements Launcher {
    private static final File DEV_NULL = new File("/dev/null");

    /** util-linux's setsid, which every child and the guard are started through. */
    public static final Path SETSID = findInSystemDirs("setsid");

    private final List<String> wrapper;
    private final Map<String, String> baseEnv;
    private final GroupCustody custody;

    /** A launcher whose children are in the custody's care (guarded, recorded, their orphans adopted). */
    public OsLauncher(GroupCustody custody) {
        this(System.getenv(), custody);
    }

    OsLauncher(Map<String, String> baseEnv, GroupCustody custody) {
        this.baseEnv = Map.copyOf(baseEnv);
        this.custody = custody;
        this.wrapper = wrapperCommand();
    }

    private static List<String> wrapperCommand() {
        var words = new ArrayList<String>();
        if (SETSID == null) {
            throw new IllegalStateException("util-linux's setsid is needed to give each child its own session; "
                    + "install util-linux");
        }
        words.add(SETSID.toString());
        Path setpriv = findInSystemDirs("setpriv");
        if (setpriv != null) {
            words.addAll(List.of(setpriv.toString(), "--pdeathsig", "KILL", "--"));
        }
        return List.copyOf(words);
    }

    private static Path findInSystemDirs(String name) {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    @Override
    public Child launch(LaunchSpec spec) throws LaunchException {
        PreparedLaunch prepared = PreparedLaunch.of(spec, baseEnv, wrapper);
        var builder = new ProcessBuilder(prepared.argv())
                .directory(spec.cwd().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
        builder.environment().clear();
        builder.environment().putAll(prepared.env());
        try {
            Process process = ChildProcesses.start(builder);
            custody.groupStarted(process.pid());
            return new OsChild(process, custody);
        } catch (IOException e) {
            throw new LaunchException("cannot start '" + spec.command() + "': " + e.getMessage());
        }
    }
}
