"""Figure W, "what watchers cost" (issue 21 item 9): the orchestrator's CPU with 500 children, ten of
them crash-looping (so states change all the time, as in a real fleet), and 0, 1 and 10 `watch`
clients (what `top` opens) reading everything they are sent.

One orchestrator per run; the watchers are added in steps (0, then 1, then 10), each step measured
over its own window after a short settling time: CPU as a percentage of one core (utime + stime of
the whole process over the window), and the lines and bytes the watchers were sent.

Runnable alone, for a before/after by hand:
    python3 bench/lib/watchers.py --ours-cmd bin/commonplace-orchestrator [--window 10]
"""
import json
import os
import socket
import threading
import time

import peers
import procs

CHILDREN = 500
LOOPERS = 10
STEPS = (0, 1, 10)


class Watcher:
    """A `watch` client on the control socket that reads all it is sent, counting lines and bytes."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.sock.sendall(b'{"cmd":"watch"}\n')
        self.lines = self.bytes = 0
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        try:
            while True:
                chunk = self.sock.recv(1 << 16)
                if not chunk:
                    return
                self.lines += chunk.count(b"\n")
                self.bytes += len(chunk)
        except OSError:
            return

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def fig_w(launcher, P, workdir, start, sleeps, token, up, finish, i, window=None):
    """One run: {watchers: {"cpu": percent of a core, "lines": per watcher per s, "kb": per s, all}}."""
    window = window or P.get("w_window", 10)
    d = workdir("W", i)
    sock = os.path.join(d, "ctl.sock")
    tool = peers.Orchestrator(launcher.cmd, key="ours_w", args=["--socket", sock])
    tok = token()
    finder = procs.Finder(tok)
    plist = sleeps(CHILDREN - LOOPERS, tok)
    plist += [peers.Proc(f"loop{n}", ["sh", "-c", "sleep 1; exit 1"], True) for n in range(LOOPERS)]
    h = start(tool, plist, d)
    watchers, results = [], {}
    try:
        up(finder, CHILDREN - LOOPERS, 60)
        procs.wait_until(lambda: os.path.exists(sock), 10)
        for n in STEPS:
            while len(watchers) < n:
                watchers.append(Watcher(sock))
            time.sleep(P.get("d_settle", 2))
            cpu0, lines0, bytes0 = procs.cpu_seconds(h.pid), sum(w.lines for w in watchers), sum(w.bytes for w in watchers)
            time.sleep(window)
            cpu = procs.cpu_seconds(h.pid) - cpu0
            lines = sum(w.lines for w in watchers) - lines0
            sent = sum(w.bytes for w in watchers) - bytes0
            results[str(n)] = {"cpu": round(100 * cpu / window, 1),
                               "lines": round(lines / window / n, 1) if n else 0,
                               "kb": round(sent / window / 1024, 1)}
    finally:
        for w in watchers:
            w.close()
        finish(h, finder)
    return results


def record(R, results):
    """Adds one run to R["W"][watchers] (lists of runs, as the other figures keep them)."""
    for key, values in results.items():
        cell = R.setdefault("W", {}).setdefault(key, {"runs": [], "extra": []})
        cell["runs"].append(values["cpu"])
        cell["extra"].append(values)


def section(F, P):
    """The report's part for figure W: one row per number of watchers (medians over the runs)."""
    cells = F.get("W")
    if not cells:
        return ""

    def med(xs):
        xs = sorted(x for x in xs if x is not None)
        return xs[len(xs) // 2] if xs else None

    rows = ["| Watchers (`watch`, as `top` opens) | CPU, % of a core | Lines/s per watcher | Sent, KiB/s | Runs |",
            "|---|---|---|---|---|"]
    for n in STEPS:
        cell = cells.get(str(n))
        if not cell or not cell["extra"]:
            continue
        ex = cell["extra"]
        rows.append(f"| {n} | {med([e['cpu'] for e in ex])} | {med([e['lines'] for e in ex])} | "
                    f"{med([e['kb'] for e in ex])} | {len(ex)} |")
    return ("## W. What watchers cost\n\n"
            f"The orchestrator with {CHILDREN} children, {LOOPERS} of them crash-looping (`sleep 1; exit 1`, "
            "restarted at once), and 0, 1 and 10 `watch` clients reading all they get, added in steps "
            f"(`bench/lib/watchers.py`); CPU over {P.get('w_window', 10)} s per step. Medians of the runs.\n\n"
            + "\n".join(rows) + "\n")


if __name__ == "__main__":
    import argparse
    import shlex
    import tempfile

    import figures
    ap = argparse.ArgumentParser()
    ap.add_argument("--ours-cmd", required=True)
    ap.add_argument("--window", type=float, default=10)
    a = ap.parse_args()
    figures.TMP = tempfile.mkdtemp(prefix="commonplace-bench-w.")
    os.environ.setdefault("BENCH_PIDS", os.path.join(figures.TMP, "pids"))
    launcher = peers.Orchestrator(shlex.split(a.ours_cmd))
    res = fig_w(launcher, {"d_settle": 2}, figures.workdir, figures.start, figures.sleeps, figures.token,
                figures.up, figures.finish, 0, a.window)
    print(json.dumps(res))
