"""The soak of issue 21 (run by bench/soak, which sets BENCH_PIDS and cleans up): one orchestrator
under everything hostile at once for N minutes, its states published to a real mosquitto. Prints a
markdown table of what it measured and exits 1 when a check failed.

What runs, all at once:
- printers: `tail ---disable-inotify -n 0 -F FEED`, as many as fit the open-file limit (at most
  2,000); the soak appends a line to FEED every second (every tenth a 4 KiB one), so every printer
  prints it: 2,000 lines a second, and every process's `logs` history fills. tail polls (no inotify
  instance each, no fork per line).
- 10 raw clients of the control socket that ask `logs -f` and never read.
- 5 crash loopers (exit 1 at once, restarted after 20 ms).
- `web`, which depends on the remote `remote/store`, whose instance flaps online/offline every 50 ms;
  `api`, which depends on `ghost/store`, never online, and gets a flood of MQTT `start` commands.
Checks: a printer killed with SIGKILL once a minute is running again (a new pid) within 5 s; every
`ps` (every 2 s, over the socket) answers within 1 s; heap after a full GC and RSS at the end within
10 % of minute 1; SIGTERM stops everything within the stop timeout (5 s) and 5 s of slack.
"""
import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
import orch  # noqa: E402  (bench/lib)
import procs  # noqa: E402

PREFIX = "commonplace/orchestrator"
PS_LIMIT_S = 1.0
RESTART_LIMIT_S = 5.0
STOP_TIMEOUT_S = 5.0
STOP_SLACK_S = 5.0
DRIFT = 0.10
READERS = 10
CRASHERS = 5


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- a minimal MQTT 3.1.1 publisher (QoS 0): enough to flood and to flap -------------------------
class Mqtt:
    def __init__(self, port, client_id):
        self.sock = socket.create_connection(("127.0.0.1", port), 5)
        self.sock.sendall(orch.mqtt_packet(0x10, orch.mqtt_string(b"MQTT") + b"\x04\x02\x00\x3c" + orch.mqtt_string(client_id.encode())))
        if self.sock.recv(4)[:1] != b"\x20":
            raise RuntimeError("no CONNACK from mosquitto")
        self.last_ping = time.monotonic()

    def publish(self, topic, payload, retain=False):
        self.sock.sendall(orch.mqtt_packet(0x30 | (1 if retain else 0), orch.mqtt_string(topic.encode()) + payload))
        if time.monotonic() - self.last_ping > 20:   # keep-alive is 60 s; its answers are never read
            self.sock.sendall(b"\xc0\x00")
            self.last_ping = time.monotonic()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=int, required=True)
    ap.add_argument("--tmp", required=True)
    ap.add_argument("--ours", required=True)
    ap.add_argument("--jcmd", required=True)
    ap.add_argument("--nofile", type=int, required=True)
    ap.add_argument("--printers", type=int, default=2000)
    a = ap.parse_args()
    rows, failed = [], []

    def check(what, ok, measured, limit):
        rows.append((what, measured, limit, "ok" if ok else "FAILED"))
        if not ok:
            failed.append(what)

    # mosquitto, on a free loopback port
    port = free_port()
    conf = os.path.join(a.tmp, "mosquitto.conf")
    with open(conf, "w") as f:
        f.write(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 1000\n")
    binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    broker = procs.spawn([binary, "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    procs.wait_until(lambda: _answers(port), 10, 0.05)

    # the config
    printers = max(1, min(a.printers, (a.nofile - 300) // 3))
    feed = os.path.join(a.tmp, "feed")
    open(feed, "w").close()
    processes = {f"p{i:04d}": {"command": "tail", "args": ["---disable-inotify", "-n", "0", "-F", feed]}
                 for i in range(printers)}
    for i in range(CRASHERS):
        processes[f"crash{i}"] = {"command": "sh", "args": ["-c", "echo crashing; exit 1"],
                                  "restart": {"policy": "always", "backoff_ms": 20, "max_backoff_ms": 20}}
    processes["web"] = {"command": "sleep", "args": ["100000"], "depends_on": ["remote/store"]}
    processes["api"] = {"command": "sleep", "args": ["100000"], "depends_on": ["ghost/store"]}
    config = os.path.join(a.tmp, "soak.json")
    with open(config, "w") as f:
        json.dump({"mqtt_broker": f"127.0.0.1:{port}", "instance": "soak", "mqtt_commands": True,
                   "processes": processes}, f)

    # the orchestrator; its own lines ([orchestrator] ...) are kept, the children's dropped
    sock_path = os.path.join(a.tmp, "control.sock")
    lines_path = os.path.join(a.tmp, "orchestrator.lines")
    ours = procs.spawn([a.ours, "run", "--config", config, "--socket", sock_path],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    grep = subprocess.Popen(["grep", "-a", "--line-buffered", r"^\[orchestrator\]"], stdin=ours.stdout,
                            stdout=open(lines_path, "wb"), start_new_session=True)
    procs.remember(grep.pid)
    ours.stdout.close()
    t0 = time.monotonic()
    up = procs.wait_until(lambda: sum(1 for p in orch.ps(sock_path)[1].values()
                                      if p["name"].startswith("p") and p["state"] == "running") >= printers, 300, 1)
    check(f"{printers} printers running", up is not None, f"{up:.0f} s" if up is not None else "not all", "300 s")
    if up is None:
        return finish(a, rows, failed, ours, broker, lines_path)
    for p in orch.ps(sock_path)[1].values():
        if p.get("pid"):
            procs.remember(p["pid"])
    print(f"bench/soak: {printers} printers up after {time.monotonic() - t0:.0f} s; soaking {a.minutes} min", file=sys.stderr)

    stop = threading.Event()
    counts = {"feed": 0, "commands": 0, "flaps": 0}
    threads = [
        threading.Thread(target=feeder, args=(feed, stop, counts), daemon=True),
        threading.Thread(target=flooder, args=(port, stop, counts), daemon=True),
        threading.Thread(target=flapper, args=(port, stop, counts), daemon=True),
    ]
    # readers that ask to follow every log and then never read
    readers = []
    for _ in range(READERS):
        s = socket.socket(socket.AF_UNIX)
        s.connect(sock_path)
        s.sendall(b'{"v":1,"cmd":"logs","names":[],"lines":50,"follow":true}\n')
        readers.append(s)
    for t in threads:
        t.start()

    latencies, unanswered = [], 0
    kills = []
    mem = {}
    start = time.monotonic()
    next_kill = start + 30
    for minute in range(1, a.minutes + 1):
        while time.monotonic() < start + 60 * minute:
            took, _ = orch.ps(sock_path)
            if took is None:
                unanswered += 1
            else:
                latencies.append(took)
            if time.monotonic() >= next_kill:
                next_kill += 60
                kills.append(kill_and_watch(sock_path, printers))
            time.sleep(2)
        if minute == 1 or minute == a.minutes:
            mem[minute] = (orch.heap_after_full_gc_mb(ours.pid, a.jcmd), procs.rss_mb(ours.pid))
        print(f"bench/soak: minute {minute}: ps max {max(latencies, default=0) * 1000:.0f} ms, "
              f"{sum(1 for k in kills if k is not None)}/{len(kills)} kills restarted", file=sys.stderr)
    stop.set()

    worst = max(latencies, default=None)
    check("`ps` answers (every 2 s)", latencies and unanswered == 0 and worst <= PS_LIMIT_S,
          f"{len(latencies)} answered, {unanswered} not" + (f"; worst {worst * 1000:.0f} ms, median "
                                                           f"{sorted(latencies)[len(latencies) // 2] * 1000:.0f} ms" if latencies else ""),
          f"all, each ≤ {PS_LIMIT_S * 1000:.0f} ms")
    restarted = [k for k in kills if k is not None]
    check("a printer killed (SIGKILL) once a minute is restarted", len(restarted) == len(kills) and kills,
          f"{len(restarted)}/{len(kills)}, slowest {max(restarted, default=0):.1f} s", f"every time, ≤ {RESTART_LIMIT_S:.0f} s")
    h1, r1 = mem.get(1, (None, None))
    hn, rn = mem.get(a.minutes, (None, None))
    check("heap after a full GC (jcmd GC.run)", h1 is not None and hn is not None and hn <= h1 * (1 + DRIFT),
          f"minute 1: {_mb(h1)}, end: {_mb(hn)}", f"end ≤ minute 1 + {DRIFT:.0%}")
    check("RSS", r1 and rn and rn <= r1 * (1 + DRIFT), f"minute 1: {_mb(r1)}, end: {_mb(rn)}", f"end ≤ minute 1 + {DRIFT:.0%}")
    rows.append(("load", f"{counts['feed']} feed lines × {printers} printers, {counts['commands']} MQTT commands, "
                 f"{counts['flaps']} flaps, {READERS} readers that never read, {CRASHERS} crash loopers", "", ""))
    for s in readers:
        s.close()
    return finish(a, rows, failed, ours, broker, lines_path)


def finish(a, rows, failed, ours, broker, lines_path):
    """SIGTERM: everything must stop within the stop timeout; then the table."""
    children = [int(line.split()[0]) for line in open(os.environ["BENCH_PIDS"]) if line.strip()]
    children = [pid for pid in children if pid not in (ours.pid, broker.pid)]
    gone = ours.poll()
    if gone is not None:
        rows.append(("the orchestrator lives to the end", f"it had exited (code {gone}); its last line below", "alive", "FAILED"))
        failed.append("the orchestrator lives to the end")
    t = time.monotonic()
    ours.send_signal(signal.SIGTERM)
    try:
        code = ours.wait(STOP_TIMEOUT_S + STOP_SLACK_S + 60)
    except subprocess.TimeoutExpired:
        code = None
    took = time.monotonic() - t
    left = [pid for pid in children if procs.alive(pid) and _is_child_of(pid, ours.pid)]
    check_ok = code is not None and took <= STOP_TIMEOUT_S + STOP_SLACK_S and not left
    rows.append(("SIGTERM stops everything", f"{took:.1f} s, exit code {code}, {len(left)} left",
                 f"≤ {STOP_TIMEOUT_S + STOP_SLACK_S:.0f} s, none left", "ok" if check_ok else "FAILED"))
    if not check_ok:
        failed.append("SIGTERM stops everything")
    broker.send_signal(signal.SIGTERM)
    try:
        broker.wait(10)
    except subprocess.TimeoutExpired:
        broker.kill()
    said = open(lines_path, errors="replace").read().splitlines() if os.path.exists(lines_path) else []
    print(f"## Soak: {a.minutes} min\n")
    print("| check | measured | limit | result |\n|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(str(c) for c in row) + " |")
    print(f"\nThe orchestrator said {len(said)} lines of its own; the last: "
          + (f"`{said[-1]}`" if said else "none"))
    alarming = [line for line in said if re.search(r"failed \(|internal error|Exception|Error\b", line)]
    for line in alarming[:5]:
        print(f"- `{line[:300]}`")
    if len(alarming) > 5:
        print(f"- … and {len(alarming) - 5} more such lines")
    if failed:
        print(f"\nbench/soak: FAILED: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


def _is_child_of(pid, parent):
    """Whether a pid we remembered is still one of the orchestrator's children (and not recycled)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
        return int(data[data.rindex(b")") + 2:].split()[1]) == parent
    except OSError:
        return False


def _answers(port):
    try:
        socket.create_connection(("127.0.0.1", port), 0.2).close()
        return True
    except OSError:
        return False


def _mb(v):
    return f"{v:.1f} MB" if v else "n/a"


def feeder(feed, stop, counts):
    with open(feed, "a") as f:
        n = 0
        while not stop.is_set():
            n += 1
            f.write(f"tick {n} {time.time():.3f} " + ("x" * (4096 if n % 10 == 0 else 120)) + "\n")
            f.flush()
            counts["feed"] = n
            stop.wait(1)


def flooder(port, stop, counts):
    """`start api` on the command topic, about 1,000 a second, while api waits for ghost/store."""
    client = Mqtt(port, "soak-flood")
    topic = f"{PREFIX}/soak/processes/api/cmd"
    while not stop.is_set():
        for _ in range(100):
            client.publish(topic, b"start")
        counts["commands"] += 100
        stop.wait(0.1)


def flapper(port, stop, counts):
    """remote/store: running, its instance online and offline by turns every 50 ms (retained)."""
    client = Mqtt(port, "soak-flap")
    state = {"name": "store", "state": "running", "pid": 1, "restarts": 0, "last_exit": None,
             "stopped_by_hand": False, "depends_on": []}
    client.publish(f"{PREFIX}/remote/processes/store/state", json.dumps(state).encode(), retain=True)
    online = False
    while not stop.is_set():
        online = not online
        client.publish(f"{PREFIX}/remote/status", b"online" if online else b"offline", retain=True)
        counts["flaps"] += 1
        stop.wait(0.05)


def kill_and_watch(sock_path, printers):
    """SIGKILLs one running printer; {return the seconds until it runs again with a new pid}, or None."""
    _, table = orch.ps(sock_path)
    running = [p for p in table.values() if p["name"].startswith("p") and p["state"] == "running" and p.get("pid")]
    if not running:
        return None
    victim = random.choice(running)
    procs.kill(victim["pid"], signal.SIGKILL)
    took = procs.wait_until(lambda: _runs_again(sock_path, victim), RESTART_LIMIT_S, 0.1)
    if took is not None:
        procs.remember(orch.ps(sock_path)[1][victim["name"]]["pid"])
    return took if took is not None else None


def _runs_again(sock_path, victim):
    p = orch.ps(sock_path)[1].get(victim["name"])
    return p is not None and p["state"] == "running" and p.get("pid") not in (None, victim["pid"])


if __name__ == "__main__":
    sys.exit(main())
