"""Figure L, "MQTT at rest" (issue 12): what MQTT costs the orchestrator when nothing happens.

Each variant is the orchestrator with 50 idle `sleep` children, all variants at once (they are idle,
so they do not disturb each other); after a settling time, over the window: RSS at the end, threads,
wake-ups per second (context switches of all threads) and CPU seconds, as figure D measures them.

Variants (VARIANTS below; one more is one more entry):
- "plain": no broker at all (figure D's orchestrator).
- "mosquitto": `--mqtt-broker 127.0.0.1:PORT` of a mosquitto started for the run: the
  orchestrator's own connection (state published, retained; MQTT 5) is all that differs.
- "embedded": `--embedded-broker --mqtt-broker 127.0.0.1:PORT` on a free port, so Moquette runs
  inside the orchestrator, and the orchestrator's connection (MQTT 3.1.1) is its only client.
"""
import os
import shutil
import signal
import socket
import subprocess
import time

import peers
import procs


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Variant:
    """key, label, and prepare(d) -> (extra orchestrator args, cleanup function)."""

    def __init__(self, key, label, prepare):
        self.key, self.label, self.prepare = key, label, prepare


def _no_broker(d):
    return [], lambda: None


def _embedded(d):
    return ["--embedded-broker", "--mqtt-broker", f"127.0.0.1:{free_port()}"], lambda: None


def _mosquitto(d):
    binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    port = free_port()
    conf = os.path.join(d, "mosquitto.conf")
    with open(conf, "w") as f:
        f.write(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n")
    broker = subprocess.Popen([binary, "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            break
        except OSError:
            time.sleep(0.05)

    def stop():
        broker.send_signal(signal.SIGTERM)
        try:
            broker.wait(10)
        except subprocess.TimeoutExpired:
            broker.kill()
            broker.wait()
    return ["--mqtt-broker", f"127.0.0.1:{port}"], stop


VARIANTS = [
    Variant("plain", "no broker", _no_broker),
    Variant("mosquitto", "connected to mosquitto (state published, MQTT 5)", _mosquitto),
    Variant("embedded", "embedded broker (Moquette), our connection its only client", _embedded),
]


def fig_l(launcher, P, workdir, start, sleeps, token, up, finish, i):
    """One run of every variant at once; returns {variant key: {rss, threads, wake, cpu, woken, names}}."""
    runs, cleanups, results = [], [], {}
    try:
        for v in VARIANTS:
            d = workdir("L", v.key, i)
            args, cleanup = v.prepare(d)
            cleanups.append(cleanup)
            tool = peers.Orchestrator(launcher.cmd, key="ours_" + v.key, args=args)
            tok = token()
            finder = procs.Finder(tok)
            runs.append((v, start(tool, sleeps(50, tok), d), finder))
            up(finder, 50)
        time.sleep(P["d_settle"])
        before = {v.key: (procs.cpu_seconds(h.pid), procs.wakeups(h.pid), procs.wakeups_by_thread(h.pid))
                  for v, h, _ in runs}
        time.sleep(P["d_window"])
        for v, h, _ in runs:
            cpu0, wake0, by0 = before[v.key]
            after = procs.wakeups_by_thread(h.pid)
            results[v.key] = {
                "rss": procs.rss_mb(h.pid), "threads": procs.threads(h.pid),
                "wake": (procs.wakeups(h.pid) - wake0) / P["d_window"],
                "cpu": procs.cpu_seconds(h.pid) - cpu0,
                "names": procs.thread_names(h.pid),
                "woken": {t: round((n - by0.get(t, 0)) / P["d_window"], 2) for t, n in after.items()
                          if n > by0.get(t, 0)},
            }
    finally:
        for v, h, finder in runs:
            finish(h, finder)
        for cleanup in cleanups:
            cleanup()
    return results


def record(R, results):
    """Adds one run's results to R["L"][variant] (lists of runs, as the other figures keep them)."""
    for key, values in results.items():
        cell = R.setdefault("L", {}).setdefault(key, {"runs": [], "extra": []})
        cell["runs"].append(values["rss"])
        cell["extra"].append(values)


def section(F, P):
    """The report's part for figure L: one row per variant (medians over the runs), and who woke up."""
    cells = F.get("L")
    if not cells:
        return ""

    def med(xs):
        xs = sorted(x for x in xs if x is not None)
        return xs[len(xs) // 2] if xs else None

    rows = ["| Variant (50 idle children) | RSS, MB | Threads | Wake-ups/s | CPU over "
            f"{P['d_window']} s, s | Runs |", "|---|---|---|---|---|---|"]
    woken = []
    for v in VARIANTS:
        cell = cells.get(v.key)
        if not cell or not cell["extra"]:
            continue
        ex = cell["extra"]
        rss, thr = med([e["rss"] for e in ex]), med([e["threads"] for e in ex])
        wake, cpu = med([e["wake"] for e in ex]), med([e["cpu"] for e in ex])
        rows.append(f"| {v.label} | {rss:.1f} | {thr} | {wake:.1f} | {cpu:.2f} | {len(ex)} |")
        by = ", ".join(f"{t} {n}/s" for t, n in sorted((ex[0].get("woken") or {}).items(), key=lambda x: -x[1]))
        woken.append(f"- {v.label}: woken per second, by thread (first run): {by or 'none'}.")
    return ("## L. MQTT at rest\n\n"
            "The orchestrator with 50 idle `sleep` children, every variant at once; after "
            f"{P['d_settle']} s, over {P['d_window']} s, measured as D (`bench/lib/mqtt_rest.py`). "
            "Medians of the runs.\n\n" + "\n".join(rows) + "\n\n" + "\n".join(woken) + "\n")
