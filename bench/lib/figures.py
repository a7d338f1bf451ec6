"""Figures A–H of the benchmark (issue 6; start-up and memory details of issue 14 in startup.py, its scale figures I–K in scale.py, MQTT at rest L in mqtt_rest.py, watchers W in watchers.py, memory under hostile load M in hostile.py), for commonplace-orchestrator and its peers, in one run.
Writes every measured value to a JSON file that report.py turns into docs/BENCHMARKS.md.

usage: figures.py [--quick] --ours-cmd CMD --tmp DIR --out RESULTS.json
Each figure starts a supervisor, waits for a condition with short polls bounded by a timeout,
measures, and then kills whatever is left (by pid) before the next one starts.
"""
import argparse
import json
import os
import re
import shlex
import signal
import statistics
import subprocess
import sys
import threading
import time

import hostile
import mqtt_rest
import watchers
import peers
import procs
import startup
import scale
from peers import Proc

TOOLS_DIR = os.path.join(peers.BENCH, "tools")
CRASH, FLOOD = os.path.join(TOOLS_DIR, "crash"), os.path.join(TOOLS_DIR, "flood")
IGNORE_TERM, TWO_BG = os.path.join(TOOLS_DIR, "ignore-term"), os.path.join(TOOLS_DIR, "two-bg")

# Figure B's lines: "NNNNNNN ~bench~ ..." — 77 bytes and a newline = 78 bytes, numbered.
FILL = b"~bench~ abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/=-_.,:;"[:69]
MARK = b"~bench~"

P = None            # the parameters of this run (quick or full), set in main()
TMP = None
_serial = [0]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def token():
    """A number no other process has as its sleep argument: `sleep TOKEN` finds our children."""
    _serial[0] += 1
    return 700000000 + (os.getpid() % 10000) * 1000 + _serial[0]


def workdir(*parts):
    d = os.path.join(TMP, "-".join(str(p) for p in parts))
    os.makedirs(d, exist_ok=True)
    return d


def start(tool, plist, d, stdout=None):
    out = stdout if stdout is not None else open(os.path.join(d, "stdout"), "wb")
    with open(os.path.join(d, "stderr"), "wb") as err:
        return tool.launch(plist, d, out, err)


def finish(handle, finder=None):
    handle.cleanup()
    if finder:
        finder.kill_all()


def sleeps(n, tok):
    return [Proc(f"s{i:03d}", ["sleep", str(tok)], None) for i in range(n)]


def up(finder, n, timeout=30):
    if procs.wait_until(lambda: finder.count() >= n, timeout, 0.005) is None:
        raise RuntimeError(f"only {finder.count()} of {n} children came up in {timeout} s")


# --- A: restart gap ---------------------------------------------------------------------------

def gaps_ms(stamps):
    try:
        ts = [float(x) for x in open(stamps).read().split()]
    except OSError:
        return []
    return [(b - a) * 1000 for a, b in zip(ts, ts[1:])]


def fig_a(tool, i):
    d = workdir("A", tool.key, i)
    stamps = os.path.join(d, "stamps")
    window = P["a_window_slow"] if tool.key == "supervisord" else P["a_window"]
    h = start(tool, [Proc("app", [CRASH, stamps], True)], d)
    try:
        procs.wait_until(lambda: len(gaps_ms(stamps)) >= P["a_starts"], window, 0.02)
    finally:
        finish(h)
    g = gaps_ms(stamps)
    if len(g) < 2:
        raise RuntimeError(f"only {len(g) + 1} starts in {window} s")
    return statistics.median(g), {"starts": len(g) + 1}


def fig_a_bash(i):
    d = workdir("A", "bash", i)
    stamps = os.path.join(d, "stamps")
    loop = 'i=0; while (( i++ < $2 )); do "$0" "$1"; done'
    p = procs.spawn(["bash", "-c", loop, CRASH, stamps, str(P["a_starts"])])
    p.wait(timeout=60)
    return statistics.median(gaps_ms(stamps)), {"starts": P["a_starts"]}


# --- B: output throughput -------------------------------------------------------------------

def make_lines(path, n):
    with open(path, "wb") as f:
        for start_at in range(0, n, 100000):
            f.write(b"".join(b"%07d %s\n" % (k, FILL) for k in range(start_at, min(n, start_at + 100000))))


class Reader:
    """Reads a supervisor's output (a pipe, or a log file it writes, followed) into a file, and
    notes the wall-clock time at which the last numbered line arrived."""

    def __init__(self, out_path, n, end=b"\n"):
        self.last = b"%07d %s" % (n - 1, FILL) + end
        self.out = open(out_path, "wb")
        self.tail = b""
        self.arrived = None
        self.last_data = None   # when bytes last came; None until the first ones
        self.done = threading.Event()

    def feed(self, chunk):
        self.last_data = time.monotonic()
        self.out.write(chunk)
        if self.arrived is None and (self.last in chunk or self.last in self.tail + chunk[:len(self.last)]):
            self.arrived = time.time()
            self.done.set()
        self.tail = chunk[-len(self.last):]

    def from_pipe(self, fd):
        def run():
            while chunk := os.read(fd, 1 << 20):
                self.feed(chunk)
            self.out.flush()
        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()

    def from_file(self, path, stop):
        def run():   # follows a log file: a short poll, bounded by `stop`
            while not os.path.exists(path) and not stop.is_set():
                time.sleep(0.002)
            with open(path, "rb") as f:
                while True:
                    chunk = f.read(1 << 20)
                    if chunk:
                        self.feed(chunk)
                    elif stop.is_set():
                        break
                    else:
                        time.sleep(0.002)
            self.out.flush()
        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()


def verify(path, n, prefix, suffix=rb""):
    """Counts the numbered lines that arrived exactly as written (after the tool's prefix): lost =
    numbers never seen intact; altered = lines carrying our mark that are not an exact line, or
    repeats."""
    seen = bytearray(n)
    altered = 0
    exact = re.compile(prefix + rb"(\d{7}) " + re.escape(FILL) + suffix + rb"\n")
    with open(path, "rb") as f:
        for line in f:
            if MARK not in line:
                continue
            m = exact.fullmatch(line)
            k = int(m.group(1)) if m else -1
            if 0 <= k < n and not seen[k]:
                seen[k] = 1
            else:
                altered += 1
    return n - sum(seen), altered


def fig_b(tool, i, sed=False, to_file=False):
    """The child floods its stdout; the supervisor's stdout is a pipe we read (or, to_file, a
    regular file we follow; PM2 always writes to its own log file, which we follow)."""
    n, lines = P["b_lines"], P["b_file"]
    d = workdir("B_file" if to_file else "B", tool.key if tool else "sed", i)
    stamp, got = os.path.join(d, "start"), os.path.join(d, "received")
    # A JSON line ends with '"}' after the child's text.
    reader, stop = Reader(got, n, b'"}\n' if getattr(tool, "suffix", b"") else b"\n"), threading.Event()
    argv = [FLOOD, stamp, lines]
    prefix = tool.prefix if tool else rb"\[app\] "
    follow = None
    if sed:
        h = peers.Handle(procs.spawn(["bash", "-c", '"$0" "$1" "$2" | sed "s/^/[app] /"'] + argv,
                                     stdout=subprocess.PIPE))
    elif isinstance(tool, peers.Pm2) or to_file:
        h = start(tool, [Proc("app", argv, False)], d)
        follow = os.path.join(d, "app.out" if isinstance(tool, peers.Pm2) else "stdout")
    else:
        h = start(tool, [Proc("app", argv, False)], d, stdout=subprocess.PIPE)
    try:
        if follow:
            reader.from_file(follow, stop)
        else:
            reader.from_pipe(h.popen.stdout.fileno())
        # Until the last line, b_timeout, or nothing new for b_stall s (a supervisor that gave up).
        t0 = time.monotonic()
        while not reader.done.wait(0.05) and time.monotonic() - t0 < P["b_timeout"] \
                and (reader.last_data is None or time.monotonic() - reader.last_data < P["b_stall"]):
            pass
        time.sleep(0.2)   # let anything that would come after the last line arrive too
    finally:
        finish(h)
        stop.set()
        reader.thread.join(10)
    lost, altered = verify(got, n, prefix, getattr(tool, "suffix", rb"") if tool else rb"")
    if reader.arrived is None:
        return None, {"lost": lost, "altered": altered,
                      "note": f"last line never came (nothing more for {P['b_stall']} s, or {P['b_timeout']} s)"}
    secs = reader.arrived - float(open(stamp).read())
    # What was delivered intact, not what was sent: a tool that drops lines is not faster for it.
    return (n - lost) * 78 / 1e6 / secs, {"secs": secs, "lost": lost, "altered": altered}


# --- C: start-up ------------------------------------------------------------------------------

def fig_c(tool, i):
    d, tok = workdir("C", tool.key, i), token()
    finder = procs.Finder(tok)
    t0 = time.monotonic()
    h = start(tool, sleeps(50, tok), d)
    try:
        up(finder, 50)
        return time.monotonic() - t0, {}
    finally:
        finish(h, finder)


# --- D: cost at rest --------------------------------------------------------------------------

def snapshot(pids):
    return sum(procs.cpu_seconds(p) for p in pids), sum(procs.wakeups(p) for p in pids)


def fig_d(tools, i, bare_jvm):
    """Every supervisor with 50 idle children at once (they are idle, so they do not disturb each
    other), plus a bare JVM; after a settling time, CPU and wake-ups are counted over the window."""
    runs, results = [], {}
    try:
        for tool in tools:
            tok = token()
            finder = procs.Finder(tok)
            runs.append((tool, start(tool, sleeps(50, tok), workdir("D", tool.key, i)), finder))
            up(finder, 50)
        bare = procs.spawn(bare_jvm)
        time.sleep(P["d_settle"])
        watched = [(t.key, h.supervisor_pids()) for t, h, f in runs] + [("jvm", [bare.pid])]
        before = {k: snapshot(pids) for k, pids in watched}
        by_thread = {k: procs.wakeups_by_thread(pids[0]) for k, pids in watched if k in ("ours", "jvm")}
        time.sleep(P["d_window"])
        for k, pids in watched:
            cpu, wake = snapshot(pids)
            results[k] = {"rss": sum(procs.rss_mb(p) for p in pids), "cpu": cpu - before[k][0],
                          "wake": (wake - before[k][1]) / P["d_window"],
                          "threads": sum(procs.threads(p) for p in pids)}
            if k in by_thread:   # which threads woke up in the window, per second
                after = procs.wakeups_by_thread(pids[0])
                results[k]["names"] = procs.thread_names(pids[0])
                results[k]["woken"] = {t: round((n - by_thread[k].get(t, 0)) / P["d_window"], 2)
                                       for t, n in after.items() if n > by_thread[k].get(t, 0)}
    finally:
        for tool, h, finder in runs:
            finish(h, finder)
        if "bare" in locals():
            procs.kill_group(bare)
    return results


def fig_d500(tool, i):
    d, tok = workdir("D500", tool.key, i), token()
    finder = procs.Finder(tok)
    h = start(tool, sleeps(500, tok), d)
    try:
        up(finder, 500, 60)
        time.sleep(P["d_settle"])
        return procs.rss_mb(h.pid), {"threads": procs.threads(h.pid), "names": procs.thread_names(h.pid)}
    finally:
        finish(h, finder)


# --- E, F, G, H: stopping ---------------------------------------------------------------------

def fig_e(tool, i):
    d, tok = workdir("E", tool.key, i), token()
    finder = procs.Finder(tok)
    h = start(tool, sleeps(50, tok), d)
    try:
        up(finder, 50)
        h.supervisor_pids()
        time.sleep(0.3)
        t0 = time.monotonic()
        h.stop()
        if procs.wait_until(lambda: h.exited() and finder.count() == 0, 30) is None:
            return None, {"note": "not stopped in 30 s"}
        return time.monotonic() - t0, {}
    finally:
        finish(h, finder)


def fig_f(tool, i):
    d, tok = workdir("F", tool.key, i), token()
    finder = procs.Finder(tok)
    h = start(tool, sleeps(5, tok), d)
    try:
        up(finder, 5)
        h.supervisor_pids()
        time.sleep(0.3)
        h.kill9()
        procs.wait_until(h.exited, 5)
        time.sleep(2)
        return finder.count(), {}
    finally:
        finish(h, finder)


def fig_g(tool, i):
    d, tok = workdir("G", tool.key, i), token()
    finder = procs.Finder(tok)
    h = start(tool, [Proc("app", [IGNORE_TERM, str(tok)], None)], d)
    try:
        up(finder, 1)
        h.supervisor_pids()
        time.sleep(0.3)
        t0 = time.monotonic()
        h.stop()
        if procs.wait_until(h.exited, P["g_timeout"], 0.005) is None:
            return None, {"note": f"still running {P['g_timeout']} s after SIGTERM (killed)"}
        return time.monotonic() - t0, {"child_left": finder.count()}
    finally:
        finish(h, finder)


def fig_h(tool, i):
    d, tok = workdir("H", tool.key, i), token()
    finder = procs.Finder(tok)
    h = start(tool, [Proc("app", [TWO_BG, str(tok)], None)], d)
    try:
        up(finder, 2)
        h.supervisor_pids()
        time.sleep(0.3)
        h.stop()
        if procs.wait_until(h.exited, P["g_timeout"]) is None:
            return None, {"note": f"did not exit in {P['g_timeout']} s"}
        time.sleep(0.5)
        return finder.count(), {}
    finally:
        finish(h, finder)


# --- driver -------------------------------------------------------------------------------------

def record(results, row, key, fn, runs, first=0):
    """Runs fn(i) `runs` times; keeps every value (None when the run gave none) and the extras."""
    cell = results.setdefault(row, {}).setdefault(key, {"runs": [], "extra": []})
    for i in range(runs):
        try:
            value, extra = fn(i)
        except Exception as e:   # a peer that misbehaves is written down, not fatal
            value, extra = None, {"note": f"error: {e}"}
        cell["runs"].append(value)
        cell["extra"].append(extra)
        log(f"  {row:8} {key:17} run {first + i + 1}: {value if value is None else round(value, 4)} {extra}")


def na(results, row, key, why):
    results.setdefault(row, {})[key] = {"na": why}


def main():
    global P, TMP
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--ours-cmd", required=True, help="the launcher command line, shell-quoted")
    ap.add_argument("--bare-jvm-cp", required=True, help="where Idle.class is")
    ap.add_argument("--tmp", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--only", default="ABCDEFGHIJKLMW", help="figures to run, e.g. AB")
    a = ap.parse_args()
    # SIGTERM unwinds like Ctrl+C, so each figure's `finally` stops what it started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    TMP = a.tmp
    q = a.quick
    # Quick mode: fewer runs (peers and the counts F, G, H once), fewer lines, a shorter D window.
    P = dict(quick=q, runs=3, count_runs=1 if q else 3, peer_runs=1 if q else 3, g_runs=1 if q else 3,
             b_ours_runs=3 if q else 10, d_runs=1 if q else 3,
             b_lines=200_000 if q else 1_000_000, b_timeout=12 if q else 60, b_stall=3 if q else 5,
             a_starts=200, a_window=1.5 if q else 3.0, a_window_slow=4.0 if q else 6.0,
             d_settle=2 if q else 5, d_window=8 if q else 30, g_timeout=6 if q else 15)
    P["b_file"] = os.path.join(TMP, "lines.txt")
    make_lines(P["b_file"], P["b_lines"])
    scale.setup(scale.Helpers(P, workdir, start, finish, token, log, record, na))   # I, J, K

    launcher = peers.Orchestrator(shlex.split(a.ours_cmd))
    java_argv = direct_java_argv(launcher)
    direct = peers.Orchestrator(java_argv, key="ours_java", label="commonplace-orchestrator (java -jar)")
    bare_jvm = java_argv[:java_argv.index("-jar")] + ["-cp", a.bare_jvm_cp, "Idle"]
    others = peers.peers()
    everyone = [launcher] + others
    R = {}
    t_start = time.monotonic()

    def each(row, fig, tools, ours_runs, peer_runs):
        """Interleaves the tools run by run, so that a drift of the machine hits them all alike."""
        for i in range(max(ours_runs, peer_runs)):
            for tool in tools:
                why = tool.missing() or tool.why_not(row[0])
                if why:
                    na(R, row, tool.key, why)
                    continue
                n = ours_runs if tool.key.startswith("ours") else peer_runs
                if i < n:
                    record(R, row, tool.key, lambda _i, t=tool: fig(t, i), 1, first=i)

    if "A" in a.only:
        log("A: restart gap")
        record(R, "A", "baseline", fig_a_bash, P["runs"])
        each("A", fig_a, everyone, P["runs"], P["peer_runs"])
    if "B" in a.only:
        log(f"B: output, {P['b_lines']} lines of 78 bytes")
        record(R, "B", "baseline", lambda i: fig_b(None, i, sed=True), P["b_ours_runs"])
        each("B", fig_b, everyone, P["b_ours_runs"], P["peer_runs"])
        # The styles of issue 11, each against the plain figure of the same runs (interleaved).
        stamped = peers.Orchestrator(launcher.cmd, key="ours_ts", args=["--timestamps"],
                                     prefix=rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(?:Z|[+-]\d\d:\d\d) \[app\] ")
        as_json = peers.Orchestrator(launcher.cmd, key="ours_json", args=["--log-format", "json"],
                                     prefix=rb'\{"time":"[^"]+","process":"app","stream":"stdout","pid":\d+,"line":"',
                                     suffix=rb'"\}')
        plain = peers.Orchestrator(launcher.cmd, key="ours_plain")
        log("B_styles: the same plain, with --timestamps, and with --log-format json, run by run")
        each("B_styles", fig_b, [plain, stamped, as_json], P["b_ours_runs"], 0)
        log("B_file: the same, the supervisor's stdout a regular file (concurrently loses lines on a pipe)")
        each("B_file", lambda t, i: fig_b(t, i, to_file=True), [launcher, others[2]], P["count_runs"], P["peer_runs"])
    if "C" in a.only:
        log("C: start-up with 50 children")
        each("C", fig_c, [launcher, direct] + others, P["runs"], P["peer_runs"])
    if "D" in a.only:
        log(f"D: at rest with 50 children, {P['d_window']} s window")
        for i in range(P["d_runs"]):
            try:
                d = fig_d([t for t in everyone if not t.missing()], i, bare_jvm)
            except Exception as e:   # written down, not fatal
                log(f"  D run {i + 1}: error: {e}")
                continue
            for k, v in d.items():
                key = "baseline" if k == "jvm" else k
                for row, field in (("D_rss", "rss"), ("D_cpu", "cpu"), ("D_wake", "wake")):
                    cell = R.setdefault(row, {}).setdefault(key, {"runs": [], "extra": []})
                    cell["runs"].append(v[field])
                    cell["extra"].append({"threads": v["threads"], "woken": v.get("woken"), "names": v.get("names")})
            log(f"  D run {i + 1}: " + ", ".join(f"{k} {v['rss']:.1f} MB {v['cpu']:.2f} s "
                                                 f"{v['wake']:.2f}/s {v['threads']} thr" for k, v in d.items()))
        log("D: commonplace-orchestrator with 500 children")
        record(R, "D_rss500", "ours", lambda i: fig_d500(launcher, i), P["d_runs"])
    # Issue 14: --version, a ps round trip (C) and where the memory goes (D), in bench/lib/startup.py.
    startup.run(R, a.only, P, launcher, java_argv, everyone, each, record,
                (workdir, start, sleeps, token, up, finish))
    for row, fig, title in (("E", fig_e, "stop with 50 children"), ("F", fig_f, "orphans after SIGKILL"),
                            ("G", fig_g, "a child that ignores SIGTERM"), ("H", fig_h, "grandchildren")):
        if row in a.only:
            log(f"{row}: {title}")
            # Counts (F, H) and the slow G get fewer runs in quick mode; E, a timing, does not.
            runs = P["runs"] if row == "E" else P["count_runs"]
            each(row, fig, everyone, runs, P["g_runs"] if row == "G" else P["peer_runs"])
    scale.run(R, a.only, launcher, others, each)

    if "L" in a.only:
        log(f"L: MQTT at rest, 50 children, {P['d_window']} s window: " + ", ".join(v.key for v in mqtt_rest.VARIANTS))
        for i in range(P["d_runs"]):
            try:
                res = mqtt_rest.fig_l(launcher, P, workdir, start, sleeps, token, up, finish, i)
            except Exception as e:   # written down, not fatal
                log(f"  L run {i + 1}: error: {e}")
                continue
            mqtt_rest.record(R, res)
            log(f"  L run {i + 1}: " + ", ".join(f"{k} {v['rss']:.1f} MB {v['cpu']:.2f} s {v['wake']:.2f}/s "
                                                 f"{v['threads']} thr" for k, v in res.items()))
    if "W" in a.only:
        P["w_window"] = 5 if q else 10
        log(f"W: what watchers cost, {watchers.CHILDREN} children, {watchers.STEPS} watch clients")
        for i in range(P["d_runs"]):
            try:
                res = watchers.fig_w(launcher, P, workdir, start, sleeps, token, up, finish, i)
            except Exception as e:   # written down, not fatal
                log(f"  W run {i + 1}: error: {e}")
                continue
            watchers.record(R, res)
            log(f"  W run {i + 1}: " + ", ".join(f"{k} watchers {v['cpu']}% CPU, {v['lines']} lines/s each"
                                                 for k, v in res.items()))
    # Issue 21: memory under hostile load, in bench/lib/hostile.py.
    hostile.run(R, a.only, launcher, P, workdir, token, log, record)
    P["elapsed_s"] = round(time.monotonic() - t_start)
    P["java_argv"] = java_argv
    with open(a.out, "w") as f:
        json.dump({"params": P, "figures": R}, f, indent=1)


def direct_java_argv(launcher):
    """The exact java command line the launcher execs (read from /proc), for the start-up figure
    measured without the launcher script and for the bare-JVM baseline with the same flags."""
    d, tok = workdir("probe"), token()
    finder = procs.Finder(tok)
    h = start(launcher, sleeps(1, tok), d)
    try:
        up(finder, 1, 60)
        with open(f"/proc/{h.pid}/cmdline", "rb") as f:
            argv = [x.decode() for x in f.read().split(b"\0") if x]
        return argv[:argv.index("--config")]
    finally:
        finish(h, finder)


if __name__ == "__main__":
    main()
