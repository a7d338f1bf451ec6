"""Processes, seen through /proc: find them by command line, read their memory, CPU time and
wake-ups, wait for conditions with short bounded polls, and remember every pid the benchmark
starts or finds, so that bench/run's EXIT trap can stop whatever is left (by pid, never by name).
"""
import os
import signal
import subprocess
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")
# bench/run sets BENCH_PIDS: one "pid starttime" per line; the trap kills those still alive.
PIDS_FILE = os.environ.get("BENCH_PIDS")


def _stat(pid):
    """The fields of /proc/PID/stat after the command name: [0] is the state (field 3)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
    except OSError:
        return None
    return data[data.rindex(b")") + 2:].split()


def start_ticks(pid):
    s = _stat(pid)
    return int(s[19]) if s else None


def remember(pid):
    """Notes a pid (with its start time, so a recycled pid is never killed) for the EXIT trap."""
    if PIDS_FILE:
        with open(PIDS_FILE, "a") as f:
            f.write(f"{pid} {start_ticks(pid) or 0}\n")


def alive(pid):
    """True while the process exists and is not a zombie (a zombie is dead, only not yet reaped)."""
    s = _stat(pid)
    return s is not None and s[0] not in (b"Z", b"X")


def cpu_seconds(pid):
    """utime + stime of the whole process (all threads), in seconds (resolution 1/CLK_TCK)."""
    s = _stat(pid)
    return (int(s[11]) + int(s[12])) / CLK_TCK if s else 0.0


def rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def threads(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/task"))
    except OSError:
        return 0


def wakeups(pid):
    """Context switches (voluntary + involuntary) summed over the process's current threads: each
    time a thread went to sleep and was woken again counts once."""
    total = 0
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return 0
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                for line in f:
                    if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def wakeups_by_thread(pid):
    """Like wakeups(), per thread name (threads of one name added up), to show who wakes up."""
    out = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                name = f.read().strip()
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                n = sum(int(l.split()[1]) for l in f if "ctxt_switches" in l)
        except OSError:
            continue
        out[name] = out.get(name, 0) + n
    return out


def thread_names(pid):
    """How many threads of each name (digits dropped: "ForkJoinPool-1-worker-7" counts as one
    "ForkJoinPool-1-worker-")."""
    out = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                name = f.read().strip().rstrip("0123456789")
        except OSError:
            continue
        out[name] = out.get(name, 0) + 1
    return out


class Finder:
    """Finds the living processes whose command line is exactly `sleep TOKEN` (or `/path/to/sleep
    TOKEN`). Processes that existed before it was made are skipped, which keeps each poll cheap."""

    def __init__(self, token):
        self.want = b"sleep\0" + str(token).encode() + b"\0"
        self.before = {int(p) for p in os.listdir("/proc") if p.isdigit()}
        self.found = set()

    def pids(self):
        live = []
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            pid = int(name)
            if pid in self.before:
                continue
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    cmdline = f.read()
                if not (cmdline == self.want or cmdline.endswith(b"/" + self.want)):
                    continue
            except OSError:
                continue
            if alive(pid):
                if pid not in self.found:
                    self.found.add(pid)
                    remember(pid)
                live.append(pid)
        return live

    def count(self):
        return len(self.pids())

    def kill_all(self):
        """SIGKILLs every process found so far or now (by pid) and waits until they are gone."""
        for pid in self.pids():   # only those that still are `sleep TOKEN`: never a recycled pid
            kill(pid, signal.SIGKILL)
        wait_until(lambda: self.count() == 0, 5)


def kill(pid, sig):
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


def wait_until(cond, timeout, interval=0.002):
    """Polls cond every `interval` s for at most `timeout` s. Returns the seconds it took, or None."""
    start = time.monotonic()
    while True:
        if cond():
            return time.monotonic() - start
        if time.monotonic() - start > timeout:
            return None
        time.sleep(interval)


def spawn(argv, **kw):
    """Starts a program in a session of its own (so its leftovers can be killed as a group) and
    remembers its pid."""
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, start_new_session=True, **kw)
    remember(p.pid)
    return p


def kill_group(popen):
    """SIGKILLs what is left of a program started by spawn() (its process group) and reaps it."""
    try:
        os.killpg(popen.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        popen.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass
