"""One adapter per supervisor: write its config for a list of processes, start it the way its users
do, stop it the way its users do, and clean up. Every figure is written once against this interface.

A process is Proc(name, argv, restart): restart=True means "restart at once, no backoff" (figure A);
False means "run once" (figure B); None means the supervisor's defaults (every other figure).
"""
import hashlib
import json
import os
import shlex
import shutil
import signal
import subprocess
import time
from collections import namedtuple

import procs

Proc = namedtuple("Proc", "name argv restart")
BENCH = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NPM_BIN = os.path.join(BENCH, ".cache", "npm", "bin")


class Handle:
    """A running supervisor started by spawn(): pid is the process to measure and to signal."""

    def __init__(self, popen):
        self.popen = popen
        self.pid = popen.pid

    def supervisor_pids(self):
        return [self.pid]

    def exited(self):
        return self.popen.poll() is not None

    def stop(self):
        """What a user does to stop it: SIGTERM (what systemd and `kill` send)."""
        procs.kill(self.pid, signal.SIGTERM)

    def kill9(self):
        procs.kill(self.pid, signal.SIGKILL)

    def cleanup(self):
        procs.kill_group(self.popen)


class OrchestratorHandle(Handle):
    """Ours: after a figure that SIGKILLs it (F), its lock, run record and socket stay in the runtime
    directory, as after any crash, for the next run of the same config to take over. The bench's
    configs are never run again, so remove them once the orchestrator is gone (README "Runtime files")."""

    def __init__(self, popen, config):
        super().__init__(popen)
        self.config = os.path.realpath(config)
        st = os.stat(self.config)
        self.names = [hashlib.sha256(self.config.encode()).hexdigest()[:16] + ext for ext in (".lock", ".pids", ".sock")]
        self.names.append(f"inode-{st.st_dev}-{st.st_ino}.lock")

    def cleanup(self):
        super().cleanup()
        uid = os.geteuid()
        dirs = [os.path.join(os.environ.get("XDG_RUNTIME_DIR", "/nonexistent"), "commonplace-orchestrator"),
                "/run/commonplace-orchestrator",
                os.path.join(os.environ.get("TMPDIR", "/tmp"), f"commonplace-orchestrator-{uid}")]
        for d in dirs:
            for name in self.names:
                path = os.path.join(d, name)
                try:
                    holder = open(path).read().strip() if name.endswith(".lock") else ""
                    if holder and os.path.exists(f"/proc/{holder}"):
                        continue  # still held by a running orchestrator
                    os.remove(path)
                except OSError:
                    pass


class Tool:
    key = label = ""
    prefix = rb""          # what the tool puts before each line of a child called "app" (a regex)
    can = {}               # figure -> None (can do it) or why it cannot

    exe = None             # the program that must be installed

    def why_not(self, figure):
        return self.can.get(figure)

    def missing(self):
        if self.exe and not shutil.which(self.exe):
            return f"n/a: {self.exe} is not installed (bench/run could not install it)"
        return None


class Orchestrator(Tool):
    """commonplace-orchestrator; `cmd` is the launcher (what users run) or the java command line."""
    key, label = "ours", "commonplace-orchestrator"
    prefix = rb"\[app\] "

    suffix = rb""

    def __init__(self, cmd, key="ours", label="commonplace-orchestrator", args=(), prefix=None, suffix=None):
        self.cmd, self.key, self.label, self.args = cmd, key, label, list(args)
        if prefix is not None:
            self.prefix = prefix
        if suffix is not None:
            self.suffix = suffix

    def launch(self, plist, d, out, err):
        cfg = {"processes": {}}
        for p in plist:
            spec = {"command": p.argv[0], "args": p.argv[1:]}
            if p.restart is True:
                spec["restart"] = {"policy": "always", "backoff_ms": 0, "max_backoff_ms": 0}
            elif p.restart is False:
                spec["restart"] = {"policy": "never"}
            cfg["processes"][p.name] = spec
        path = os.path.join(d, "orchestrator.json")
        with open(path, "w") as f:
            json.dump(cfg, f, indent=1)
        return OrchestratorHandle(procs.spawn(self.cmd + ["--config", path] + self.args, stdout=out, stderr=err), path)


class Supervisord(Tool):
    key, label, exe = "supervisord", "supervisord", "supervisord"
    prefix = rb""   # supervisord passes lines through without a prefix (stdout_logfile=/dev/stdout)

    def launch(self, plist, d, out, err):
        conf = [
            "[supervisord]", "nodaemon=true", "user=root", f"logfile={d}/supervisord.log",
            f"pidfile={d}/supervisord.pid", f"childlogdir={d}",
            # Its own socket in our temp dir: never the system supervisord's.
            "[unix_http_server]", f"file={d}/supervisor.sock",
            "[rpcinterface:supervisor]",
            "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
            "[supervisorctl]", f"serverurl=unix://{d}/supervisor.sock",
        ]
        for p in plist:
            conf += [f"[program:{p.name}]", f"command={shlex.join(p.argv)}",
                     "stdout_logfile=/dev/stdout", "stdout_logfile_maxbytes=0",
                     "stderr_logfile=/dev/stderr", "stderr_logfile_maxbytes=0"]
            if p.restart is True:   # considered running at once, so each exit is a plain restart
                conf += ["autorestart=true", "startsecs=0", "startretries=1000000"]
            elif p.restart is False:
                conf += ["autorestart=false", "startsecs=0"]
        path = os.path.join(d, "supervisord.conf")
        with open(path, "w") as f:
            f.write("\n".join(conf) + "\n")
        return Handle(procs.spawn(["supervisord", "-n", "-c", path], stdout=out, stderr=err))


class Pm2Handle(Handle):
    """PM2's CLI starts a daemon (the "God Daemon") and returns: the daemon is what we measure."""

    def __init__(self, popen, env):
        super().__init__(popen)
        self.env = env
        self.daemon = None

    def daemon_pid(self):
        if self.daemon is None:
            pidfile = os.path.join(self.env["PM2_HOME"], "pm2.pid")
            procs.wait_until(lambda: os.path.exists(pidfile) and open(pidfile).read().strip(), 20, 0.01)
            self.daemon = int(open(pidfile).read().strip())
            procs.remember(self.daemon)
        return self.daemon

    def supervisor_pids(self):
        return [self.daemon_pid()]

    def exited(self):
        return not procs.alive(self.daemon_pid())

    def stop(self):
        """`pm2 kill`: stops every app and the daemon (what a user runs to stop PM2 for good)."""
        self.daemon_pid()
        self.stopper = procs.spawn([os.path.join(NPM_BIN, "pm2"), "kill"], env=self.env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def kill9(self):
        procs.kill(self.daemon_pid(), signal.SIGKILL)

    def cleanup(self):
        subprocess.run([os.path.join(NPM_BIN, "pm2"), "kill"], env=self.env, timeout=30,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if self.daemon:
            procs.kill(self.daemon, signal.SIGKILL)
        procs.kill_group(self.popen)


class Pm2(Tool):
    key, label, exe = "pm2", "PM2", os.path.join(NPM_BIN, "pm2")
    prefix = rb""   # PM2 writes the app's lines unprefixed to its out_file

    def launch(self, plist, d, out, err):
        home = os.path.join(d, "pm2home")   # a PM2_HOME of our own: never the user's daemon
        os.makedirs(home, exist_ok=True)
        if os.environ.get("BENCH_PM2_HOMES"):
            with open(os.environ["BENCH_PM2_HOMES"], "a") as f:
                f.write(home + "\n")
        apps = []
        for p in plist:
            app = {"name": p.name, "script": p.argv[0], "args": p.argv[1:], "interpreter": "none",
                   "out_file": os.path.join(d, f"{p.name}.out"),
                   "error_file": os.path.join(d, f"{p.name}.err")}
            if p.restart is True:
                app.update(autorestart=True, restart_delay=0, min_uptime=0, max_restarts=1000000)
            elif p.restart is False:
                app.update(autorestart=False)
            apps.append(app)
        path = os.path.join(d, "ecosystem.json")
        with open(path, "w") as f:
            json.dump({"apps": apps}, f, indent=1)
        env = dict(os.environ, PM2_HOME=home)
        return Pm2Handle(procs.spawn([os.path.join(NPM_BIN, "pm2"), "start", path], env=env,
                                     stdout=out, stderr=err), env)


class Concurrently(Tool):
    key, label, exe = "concurrently", "concurrently", os.path.join(NPM_BIN, "concurrently")
    prefix = rb"\[app\] "

    def launch(self, plist, d, out, err):
        argv = [os.path.join(NPM_BIN, "concurrently"), "--no-color", "--prefix", "[{name}]",
                "--names", ",".join(p.name for p in plist)]
        if any(p.restart is True for p in plist):
            argv += ["--restart-tries", "-1", "--restart-after", "0"]
        argv += [shlex.join(p.argv) for p in plist]
        return Handle(procs.spawn(argv, stdout=out, stderr=err))


class Foreman(Tool):
    key, label, exe = "foreman", "foreman", "foreman"
    prefix = rb"\d\d:\d\d:\d\d app\.1 +\| "
    can = {"A": "n/a: foreman never restarts; it stops everything when one process exits",
           "J": "n/a: foreman never restarts; it stops everything when one process exits"}

    def launch(self, plist, d, out, err):
        path = os.path.join(d, "Procfile")
        with open(path, "w") as f:
            for p in plist:
                f.write(f"{p.name}: {shlex.join(p.argv)}\n")
        return Handle(procs.spawn(["foreman", "start", "-f", path, "-d", d], stdout=out, stderr=err))


def peers():
    return [Supervisord(), Pm2(), Concurrently(), Foreman()]
