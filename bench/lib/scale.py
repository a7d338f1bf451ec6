"""Figures I, J, K of the benchmark (issue 14): how a supervisor's cost grows with the work.

  I  2,000 idle children: launch → all running, RSS, wake-ups at rest, stop time
  J  a restart storm: 200 processes that exit at once, restarted with no backoff, for a window of
     10 s: restarts per second sustained (against a bash loop per core forking the same child), the
     supervisor's CPU share, and how late a ticking process's lines come out meanwhile (p99)
  K  ten processes flooding their output together: aggregate MB/s (against `cat` of the same bytes)
     and every line checked: none lost, none cut, none under another process's name

figures.py calls setup() with its helpers and run() with the figures asked for; report.py calls
rows() and reads HOW. The peers' adapters (peers.py) are the same as for figures A–H.
"""
import os
import re
import signal
import statistics
import subprocess
import threading
import time

import peers
import procs
from peers import Proc

TOOLS_DIR = os.path.join(peers.BENCH, "tools")
CRASH, FLOOD, TICKER = (os.path.join(TOOLS_DIR, t) for t in ("crash", "flood", "ticker"))

I_CHILDREN, J_CRASHERS, K_FLOODS = 2000, 200, 10
K_FILL = b"~bench~ abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/=-_.,:;"[:67]
MARK = b"~bench~"
# What each tool puts before a line of the child called fN (a regex; group 1 is N).
K_PREFIX = {"ours": rb"\[f(\d)\] ", "concurrently": rb"\[f(\d)\] ", "foreman": rb"\d\d:\d\d:\d\d f(\d)\.1 +\| ",
            "supervisord": rb"()", "pm2": rb"()"}

H = None   # the helpers and parameters of figures.py (see setup)


class Helpers:
    def __init__(self, P, workdir, start, finish, token, log, record, na):
        self.P, self.workdir, self.start, self.finish = P, workdir, start, finish
        self.token, self.log, self.record, self.na = token, log, record, na


def setup(helpers):
    global H
    H = helpers
    q = H.P["quick"]
    # A peer that has not stopped 2,000 children in 15 s, or not passed ten floods on in 30 s, is
    # written down as such: waiting longer only made the run longer.
    H.P.update(i_timeout=60, i_settle=2, i_window=5 if q else 10, i_stop_timeout=15, j_window=10, j_warmup=1.0,
               k_lines=100_000, k_timeout=30, k_stall=5)


class Spawned:
    """Finds the living `sleep TOKEN` processes like procs.Finder, cheaply enough to poll with
    thousands of them: a process once seen as `sleep TOKEN` is not read again until asked whether
    it is still alive (a sleep child never becomes anything else)."""

    def __init__(self, token):
        self.finder = procs.Finder(token)
        self.found = set()

    def count(self):
        for name in os.listdir("/proc"):
            if name.isdigit():
                pid = int(name)
                if pid not in self.found and pid not in self.finder.before and self._is_ours(pid):
                    self.found.add(pid)
                    procs.remember(pid)
        return len(self.found)

    def _is_ours(self, pid):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmdline = f.read()
        except OSError:
            return False
        return cmdline == self.finder.want or cmdline.endswith(b"/" + self.finder.want)

    def alive(self):
        return sum(1 for pid in self.found if procs.alive(pid))

    def kill_all(self):
        for pid in self.found:   # still `sleep TOKEN`? (never a recycled pid)
            if self._is_ours(pid):
                procs.kill(pid, signal.SIGKILL)
        procs.wait_until(lambda: self.alive() == 0, 10, 0.01)
        self.finder.kill_all()


# --- I: 2,000 idle children -------------------------------------------------------------------

def fig_i(tool, i, n=I_CHILDREN):
    d, tok = H.workdir("I", tool.key, n, i), H.token()
    found = Spawned(tok)
    t0 = time.monotonic()
    h = H.start(tool, [Proc(f"s{k:04d}", ["sleep", str(tok)], None) for k in range(n)], d)
    try:
        if procs.wait_until(lambda: found.count() >= n, H.P["i_timeout"], 0.02) is None:
            return None, {"note": f"only {found.count()} of {n} running after {H.P['i_timeout']} s"}
        all_up = time.monotonic() - t0
        pids = h.supervisor_pids()
        time.sleep(H.P["i_settle"])
        w0 = sum(procs.wakeups(p) for p in pids)
        time.sleep(H.P["i_window"])
        wake = (sum(procs.wakeups(p) for p in pids) - w0) / H.P["i_window"]
        extra = {"rss": sum(procs.rss_mb(p) for p in pids), "wake": wake,
                 "threads": sum(procs.threads(p) for p in pids)}
        t1 = time.monotonic()
        h.stop()
        if procs.wait_until(lambda: h.exited() and found.alive() == 0, H.P["i_stop_timeout"], 0.01) is None:
            extra["note"] = f"not stopped in {H.P['i_stop_timeout']} s"
        else:
            extra["stop"] = time.monotonic() - t1
        return all_up, extra
    finally:
        H.finish(h)
        found.kill_all()


def fig_i_bash(i, n=I_CHILDREN):
    """The physical baseline of "all running": bash forking `sleep TOKEN &` n times (no supervision,
    no pipes; fork does not wait for the child's exec as posix_spawn does)."""
    tok = H.token()
    found = Spawned(tok)
    t0 = time.monotonic()
    p = procs.spawn(["bash", "-c", 'for ((i = 0; i < $1; i++)); do sleep "$0" & done; wait', str(tok), str(n)])
    try:
        if procs.wait_until(lambda: found.count() >= n, H.P["i_timeout"], 0.02) is None:
            return None, {"note": f"only {found.count()} of {n} running after {H.P['i_timeout']} s"}
        return time.monotonic() - t0, {}
    finally:
        procs.kill_group(p)
        found.kill_all()


def fig_i50_rss(tool, i):
    """Ours with 50 children, measured as I measures 2,000: the start of the RSS growth."""
    d, tok = H.workdir("I50", tool.key, i), H.token()
    found = Spawned(tok)
    h = H.start(tool, [Proc(f"s{k:02d}", ["sleep", str(tok)], None) for k in range(50)], d)
    try:
        if procs.wait_until(lambda: found.count() >= 50, 30, 0.01) is None:
            return None, {"note": "50 children did not come up in 30 s"}
        time.sleep(H.P["i_settle"] + H.P["i_window"])
        return procs.rss_mb(h.pid), {}
    finally:
        H.finish(h)
        found.kill_all()


# --- J: restart storm -------------------------------------------------------------------------

class Ticks:
    """Reads a supervisor's output (a pipe, or a file it writes, followed) and notes for every
    `tick T` line how long after T (the ticker's own clock, the same machine's) it arrived."""

    TICK = re.compile(rb"tick (\d+\.\d{6})\n")

    def __init__(self):
        self.delays, self.pending, self.since = [], b"", None
        self.stop = threading.Event()

    def feed(self, chunk):
        now = time.time()
        data = self.pending + chunk
        cut = data.rfind(b"\n") + 1
        self.pending = data[cut:]
        if self.since is not None:
            self.delays += [now - float(m.group(1)) for m in self.TICK.finditer(data, 0, cut)
                            if float(m.group(1)) >= self.since]

    def from_pipe(self, fd):
        def run():
            while chunk := os.read(fd, 1 << 16):
                self.feed(chunk)
        threading.Thread(target=run, daemon=True).start()

    def from_file(self, path):
        def run():   # follows a log file: a 2 ms poll, bounded by `stop`
            while not os.path.exists(path) and not self.stop.is_set():
                time.sleep(0.002)
            if not os.path.exists(path):
                return   # the tool never ran the ticker: the figure says no line arrived
            with open(path, "rb") as f:
                while not self.stop.is_set():
                    chunk = f.read(1 << 16)
                    if chunk:
                        self.feed(chunk)
                    else:
                        time.sleep(0.002)
        threading.Thread(target=run, daemon=True).start()


def starts_between(stamps, t0, t1):
    try:
        with open(stamps) as f:
            return sum(1 for x in f.read().split() if t0 <= float(x) < t1)
    except (OSError, ValueError):
        return 0


def storm_window(stamps, ticks, pids):
    """Waits for every crasher to have started once, then measures over j_window s: restarts
    per second, CPU seconds of `pids` per second (1.0 = one core) and the ticker's delays."""
    if procs.wait_until(lambda: starts_between(stamps, 0, 1e12) >= J_CRASHERS, 60, 0.05) is None:
        raise RuntimeError(f"only {starts_between(stamps, 0, 1e12)} starts of {J_CRASHERS} crashers in 60 s")
    time.sleep(H.P["j_warmup"])
    cpu0, t0 = sum(procs.cpu_seconds(p) for p in pids), time.time()
    ticks.since = t0
    time.sleep(H.P["j_window"])
    t1 = time.time()
    ticks.since = 1e12   # ticks written after the window are not counted
    cpu = sum(procs.cpu_seconds(p) for p in pids) - cpu0
    time.sleep(0.1)      # the window's last ticks arrive
    rate = starts_between(stamps, t0, t1) / (t1 - t0)
    delays = sorted(ticks.delays)
    extra = {"cpu_share": cpu / (t1 - t0), "ticks": len(delays)}
    if not delays:   # a supervisor too busy to start the ticker, or to pass its lines on
        return rate, dict(extra, note="no line of the ticker arrived in the window")
    p99 = delays[min(len(delays) - 1, int(0.99 * len(delays)))] * 1000
    return rate, dict(extra, p99_ms=p99, max_ms=delays[-1] * 1000)


def fig_j(tool, i):
    d = H.workdir("J", tool.key, i)
    stamps = os.path.join(d, "stamps")
    plist = [Proc(f"c{k:03d}", [CRASH, stamps], True) for k in range(J_CRASHERS)]
    plist.append(Proc("tick", [TICKER], None))
    ticks = Ticks()
    pm2 = isinstance(tool, peers.Pm2)
    h = H.start(tool, plist, d, stdout=None if pm2 else subprocess.PIPE)
    try:
        if pm2:
            ticks.from_file(os.path.join(d, "tick.out"))
        else:
            ticks.from_pipe(h.popen.stdout.fileno())
        return storm_window(stamps, ticks, h.supervisor_pids())
    finally:
        ticks.stop.set()
        H.finish(h)


def fig_j_bash(i):
    """The physical baseline: a bash loop per core forking the same child, and the ticker writing
    straight into a pipe beside them (the machine's own delay under that load)."""
    d = H.workdir("J", "bash", i)
    stamps = os.path.join(d, "stamps")
    loop = 'while :; do "$0" "$1"; done'
    loops = [procs.spawn(["bash", "-c", loop, CRASH, stamps]) for _ in range(os.cpu_count())]
    ticker = procs.spawn([TICKER], stdout=subprocess.PIPE)
    ticks = Ticks()
    ticks.from_pipe(ticker.stdout.fileno())
    try:
        # The same window; "every crasher started once" is 200 starts here too.
        rate, extra = storm_window(stamps, ticks, [p.pid for p in loops])
        extra["loops"] = len(loops)
        return rate, extra
    finally:
        for p in loops + [ticker]:
            procs.kill_group(p)


# --- K: ten floods at once --------------------------------------------------------------------

def k_files():
    paths = []
    for p in range(K_FLOODS):
        path = os.path.join(H.workdir("K-lines"), f"f{p}.txt")
        if not os.path.exists(path):
            with open(path, "wb") as f:
                f.write(b"".join(b"%d %07d %s\n" % (p, k, K_FILL) for k in range(H.P["k_lines"])))
        paths.append(path)
    return paths


class Arrivals:
    """Copies output into a file and notes when the last line of each of `lasts` has arrived."""

    def __init__(self, out_path, lasts):
        self.out = open(out_path, "wb")
        self.waiting = set(lasts)
        self.longest = max(len(x) for x in lasts)
        self.common = os.path.commonprefix([x[::-1] for x in lasts])[::-1][:40] if len(lasts) > 1 else lasts[0]
        self.tail = b""
        self.arrived = None
        self.last_data = None
        self.done = threading.Event()
        self.threads = []

    def feed(self, chunk):
        self.last_data = time.monotonic()
        self.out.write(chunk)
        look = self.tail + chunk
        # One scan per chunk for what every last line has in common (its number), and the lines
        # themselves only where it occurs: ten scans of every chunk slowed the reader, not the tool.
        if self.common in look:
            for last in [x for x in self.waiting if x in look]:
                self.waiting.discard(last)
        if not self.waiting and self.arrived is None:
            self.arrived = time.time()
            self.done.set()
        self.tail = look[-self.longest:]

    def from_pipe(self, fd):
        def run():
            while chunk := os.read(fd, 1 << 20):
                self.feed(chunk)
            self.out.flush()
        self.threads.append(threading.Thread(target=run, daemon=True))
        self.threads[-1].start()


def k_verify(path, prefix):
    """lost = numbers of a process never seen intact; mixed = lines carrying the mark that are not
    one exact line, or sit under another process's name, or repeat, or come out of order."""
    n = H.P["k_lines"]
    seen = [bytearray(n) for _ in range(K_FLOODS)]
    nxt = [0] * K_FLOODS
    mixed = 0
    exact = re.compile(prefix + rb"(\d) (\d{7}) " + re.escape(K_FILL) + rb"\n")
    with open(path, "rb") as f:
        for line in f:
            if MARK not in line:
                continue
            m = exact.fullmatch(line)
            if not m or (m.group(1) and m.group(1) != m.group(2)):
                mixed += 1
                continue
            p, k = int(m.group(2)), int(m.group(3))
            if seen[p][k] or k < nxt[p]:
                mixed += 1
            seen[p][k] = 1
            nxt[p] = k + 1
    return sum(n - sum(s) for s in seen), mixed


def k_wait(arr):
    t0 = time.monotonic()
    while not arr.done.wait(0.05) and time.monotonic() - t0 < H.P["k_timeout"] \
            and (arr.last_data is None or time.monotonic() - arr.last_data < H.P["k_stall"]):
        pass
    time.sleep(0.2)   # anything that would come after the last lines arrives too


def k_result(arr, got, stamps, prefix):
    lost, mixed = k_verify(got, prefix)
    # What was delivered intact, not what was sent: a tool that drops lines is not faster for it.
    delivered = (K_FLOODS * H.P["k_lines"] - lost) * 78
    if arr.arrived is None:
        return None, {"lost": lost, "altered": mixed,
                      "note": f"last lines never came (nothing more for {H.P['k_stall']} s, or {H.P['k_timeout']} s)"}
    first = min(float(open(s).read()) for s in stamps)
    secs = arr.arrived - first
    return delivered / 1e6 / secs, {"secs": secs, "lost": lost, "altered": mixed}


def fig_k(tool, i):
    files = k_files()
    d = H.workdir("K", tool.key, i)
    stamps = [os.path.join(d, f"start{p}") for p in range(K_FLOODS)]
    lasts = [b"%d %07d %s\n" % (p, H.P["k_lines"] - 1, K_FILL) for p in range(K_FLOODS)]
    got = os.path.join(d, "received")
    arr = Arrivals(got, lasts)
    plist = [Proc(f"f{p}", [FLOOD, stamps[p], files[p]], False) for p in range(K_FLOODS)]
    if isinstance(tool, peers.Pm2):
        return fig_k_pm2(tool, d, plist, stamps, lasts)
    h = H.start(tool, plist, d, stdout=subprocess.PIPE)
    try:
        arr.from_pipe(h.popen.stdout.fileno())
        k_wait(arr)
    finally:
        H.finish(h)
        for t in arr.threads:
            t.join(10)
        arr.out.close()
    return k_result(arr, got, stamps, K_PREFIX[tool.key])


def fig_k_pm2(tool, d, plist, stamps, lasts):
    """PM2 writes each app's lines to a file of its own (f0.out, …): followed all at once, and the
    last of them to arrive ends the run."""
    got = os.path.join(d, "received")
    arr = Arrivals(got, lasts)
    stop = threading.Event()
    h = H.start(tool, plist, d)

    def follow(path):
        pending = b""
        while not os.path.exists(path) and not stop.is_set():
            time.sleep(0.002)
        with open(path, "rb") as f:
            while True:
                chunk = f.read(1 << 20)
                if chunk:   # whole lines only into the shared copy, so the files do not mix there
                    data = pending + chunk
                    cut = data.rfind(b"\n") + 1
                    pending = data[cut:]
                    with lock:
                        arr.feed(data[:cut])
                elif stop.is_set():
                    break
                else:
                    time.sleep(0.002)

    lock = threading.Lock()
    threads = [threading.Thread(target=follow, args=(os.path.join(d, f"{p.name}.out"),), daemon=True) for p in plist]
    try:
        for t in threads:
            t.start()
        k_wait(arr)
    finally:
        H.finish(h)
        stop.set()
        for t in threads:
            t.join(10)
        arr.out.close()
    return k_result(arr, got, stamps, K_PREFIX["pm2"])


def fig_k_cat(i):
    files = k_files()
    d = H.workdir("K", "cat", i)
    stamp, got = os.path.join(d, "start"), os.path.join(d, "received")
    arr = Arrivals(got, [b"%d %07d %s\n" % (K_FLOODS - 1, H.P["k_lines"] - 1, K_FILL)])
    p = procs.spawn(["bash", "-c", 'echo "$EPOCHREALTIME" > "$0"; exec cat "$@"', stamp] + files,
                    stdout=subprocess.PIPE)
    try:
        arr.from_pipe(p.stdout.fileno())
        k_wait(arr)
    finally:
        procs.kill_group(p)
        for t in arr.threads:
            t.join(10)
        arr.out.close()
    return k_result(arr, got, [stamp], rb"()")


# --- driver -------------------------------------------------------------------------------------

def run(R, only, launcher, others, each):
    """Runs the figures of `only` among I, J, K into R (as figures.py's own figures)."""
    P = H.P
    if "I" in only:
        H.log(f"I: {I_CHILDREN} idle children")
        H.record(R, "I_rss50", "ours", lambda i: fig_i50_rss(launcher, i), P["count_runs"])
        H.record(R, "I", "baseline", fig_i_bash, P["count_runs"])
        each("I", fig_i, [launcher] + others, P["runs"], P["peer_runs"])
    if "J" in only:
        H.log(f"J: restart storm, {J_CRASHERS} crashing processes, {P['j_window']} s")
        H.record(R, "J", "baseline", fig_j_bash, P["count_runs"])
        each("J", fig_j, [launcher] + others, P["runs"], P["peer_runs"])
    if "K" in only:
        H.log(f"K: {K_FLOODS} floods of {P['k_lines']:,} lines at once")
        H.record(R, "K", "baseline", fig_k_cat, P["runs"])
        each("K", fig_k, [launcher] + others, P["runs"], P["peer_runs"])


# --- report ---------------------------------------------------------------------------------------

def rows(F, P, fmt, med, lost_cell, peer_keys, verdict, clean):
    """The table rows of I, J, K: (label, target, ours, met, baseline, peers' cells); verdict and
    clean are report.py's (the "Met?" cell; every run counted and nothing lost)."""
    out = []
    g = lambda row, key: F.get(row, {}).get(key)

    def extra_cell(row, key, field, scale=1.0):
        """A cell of one field of the runs' extras (RSS, stop time, …), as fmt() shows runs."""
        cell = g(row, key)
        if cell is None or "na" in cell:
            return cell
        return {"runs": [None if e.get(field) is None else e[field] * scale for e in cell["extra"]],
                "extra": cell["extra"]}

    def line(label, target, ours, ok, digits, baseline=None, peer_cells=None):
        met = verdict(ok, med(ours))
        out.append((label, target, fmt(ours, digits), met, fmt(baseline, digits) if baseline else "—",
                    peer_cells or ["—"] * len(peer_keys)))

    peers_of = lambda row, field=None, digits=1, scale=1.0: [
        fmt(extra_cell(row, k, field, scale) if field else g(row, k), digits) for k in peer_keys]
    if "I" in F:
        line(f"I. {I_CHILDREN:,} idle children: launch → all running, s (baseline: bash forking them)", "≤ 2",
             g("I", "ours"), lambda m: m <= 2, 2, baseline=g("I", "baseline"), peer_cells=peers_of("I", digits=2))
        rss50 = med(g("I_rss50", "ours"))
        line(f"I. RSS with {I_CHILDREN:,} children, MB", f"growth from 50 ({fmt(g('I_rss50', 'ours'), 1)}) ≤ 40",
             extra_cell("I", "ours", "rss"), (lambda m: rss50 is not None and m - rss50 <= 40), 1,
             peer_cells=peers_of("I", "rss"))
        line(f"I. Wake-ups per second at rest with {I_CHILDREN:,} children", "(for comparison)",
             extra_cell("I", "ours", "wake"), None, 1, peer_cells=peers_of("I", "wake"))
        line(f"I. Stop, s (SIGTERM → supervisor and {I_CHILDREN:,} children gone)", "≤ 1",
             extra_cell("I", "ours", "stop"), lambda m: m <= 1, 2, peer_cells=peers_of("I", "stop", 2))
    if "J" in F:
        base = med(g("J", "baseline"))
        line(f"J. Restart storm: restarts per second ({J_CRASHERS} crashing processes, {P['j_window']} s; "
             f"baseline a bash loop per core)", f"≥ 0.5× bash = {0.5 * base:.0f}" if base else "≥ 0.5× bash",
             g("J", "ours"), (lambda m: base is not None and m >= 0.5 * base), 0, baseline=g("J", "baseline"),
             peer_cells=peers_of("J", digits=0))
        line("J. CPU share during the storm, % of one core (baseline: the bash loops)", "(for comparison)",
             extra_cell("J", "ours", "cpu_share", 100), None, 0, baseline=extra_cell("J", "baseline", "cpu_share", 100),
             peer_cells=peers_of("J", "cpu_share", 0, 100))
        line("J. Delay of a ticking process's lines during the storm, p99, ms (baseline: straight into a pipe)",
             "≤ 50", extra_cell("J", "ours", "p99_ms"), lambda m: m <= 50, 1,
             baseline=extra_cell("J", "baseline", "p99_ms"), peer_cells=peers_of("J", "p99_ms", 1))
    if "K" in F:
        cat = med(g("K", "baseline"))
        line(f"K. {K_FLOODS} floods at once, aggregate MB/s ({K_FLOODS} × {P['k_lines']:,} lines of 78 B; "
             "baseline `cat` of the same files)", f"≥ 0.5× cat = {0.5 * cat:.0f}" if cat else "≥ 0.5× cat",
             g("K", "ours"), (lambda m: cat is not None and m >= 0.5 * cat), 0, baseline=g("K", "baseline"),
             peer_cells=peers_of("K", digits=0))
        ours = g("K", "ours")
        ok = clean(ours)
        out.append(("K. Lines lost / mixed", "0 in every run", lost_cell(ours), "yes" if ok else "**no**",
                    lost_cell(g("K", "baseline")), [lost_cell(g("K", k)) for k in peer_keys]))
    return out


def how(P):
    """The doc's paragraphs on how I, J, K are measured."""
    return f"""- **I** — {I_CHILDREN:,} processes `sleep TOKEN`, started as in C; from launching the supervisor until
  all {I_CHILDREN:,} exist (given up after {P.get('i_timeout')} s), then, after {P.get('i_settle')} s, wake-ups over {P.get('i_window')} s
  and RSS as in D, then SIGTERM (PM2: `pm2 kill`) until the supervisor and every child are gone
  (given up after {P.get('i_stop_timeout')} s). The
  RSS growth is against ours with 50 children measured the same way in the same run. The baseline
  of "all running" is bash forking the same {I_CHILDREN:,} `sleep TOKEN &` (no supervision, no pipes).
- **J** — {J_CRASHERS} processes `bench/tools/crash STAMPS` (as in A, all appending to one file) restarted at
  once (the settings of A), and one `bench/tools/ticker` that writes `tick T` every 20 ms, T its own
  wall-clock time. Once every crasher has started and {P.get('j_warmup')} s more, over {P.get('j_window')} s: restarts per
  second = stamps in the window / window; CPU share = the supervisor's utime+stime / window (100 % =
  one core; the machine has {os.cpu_count()}); tick delay = arrival at the harness's reader − T, p99 over
  the window's ticks. The baseline runs one bash loop per core (`while :; do crash STAMPS; done`) and
  the ticker straight into a pipe beside them, the machine's own delay under that load. foreman
  cannot restart.
- **K** — {K_FLOODS} processes `bench/tools/flood`, each `cat`ing {P.get('k_lines'):,} numbered lines of 78 bytes of
  its own (`N KKKKKKK ~bench~…`, N the process) at once; the supervisor's stdout a pipe the harness
  reads (PM2: its ten `out_file`s, followed). MB/s = the bytes of the lines delivered intact / (arrival of the last of the ten last
  lines − the first child's start; given up after {P.get('k_timeout')} s, or {P.get('k_stall')} s without new bytes).
  Every line is checked: each number of each process must arrive once, in order, byte for byte after the tool's prefix and under its own process's name
  (`[fN] ` for ours and concurrently, `HH:MM:SS fN.1 | ` for foreman, none for supervisord and PM2).
  The baseline is `cat` of the ten files into the harness's pipe.
- Runs of I, J, K: {P.get('runs')} of ours, {P.get('peer_runs')} of each peer, {P.get('count_runs')} of the baselines of I and J and
  of ours with 50 children, {P.get('runs')} of `cat`; the workloads are the same in quick and full runs."""
