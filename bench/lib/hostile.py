"""Figure M, "memory under hostile load" (issue 21): the orchestrator's heap and RSS while what
children print, readers that never read and a broker flood press on its one 128 MiB heap, and
whether it still supervises meanwhile.

Cases (CASES below), each a fresh orchestrator started by the launcher (its -Xmx128m), with
P["m_printers"] processes that each print 100 lines of about 100 bytes and then stay as `sleep TOKEN`,
and one `victim` (`sleep TOKEN2`, restarted with a fixed backoff of BACKOFF_MS):
- "printing": that alone;
- "readers": plus READERS raw `logs -f` clients on the control socket that never read, and a child
  that then prints FLOOD_LINES lines of 65,000 bytes as fast as the pipe takes them;
- "broker": with `--embedded-broker`, plus a client that publishes P["m_retained"] MiB in retained
  QoS 1 messages of 1 MiB on distinct topics (a plain MQTT 3.1.1 client on 127.0.0.1, as another
  local user could; when the broker refuses 1 MiB, the same bytes in the largest size it takes).
Then, in that order: heap used after a full GC (`jcmd PID GC.run`, then `GC.heap_info`), RSS, a
`ps` round trip on the socket, the victim SIGKILLed and the time until its new process exists, and
SIGTERM until the orchestrator has exited. An orchestrator that died, or printed OutOfMemoryError,
is reported as such, not as a number.
"""
import hashlib
import json
import os
import signal
import socket
import struct
import subprocess
import time

import orch
import peers
import procs
from mqtt_rest import free_port
from scale import Spawned

CASES = [
    ("printing", "printing processes"),
    ("readers", "+ 10 `logs -f` readers that never read, and a long-line flood"),
    ("broker", "+ embedded broker, retained 1 MiB QoS 1 messages"),
]
BACKOFF_MS = 500
READERS = 10
FLOOD_LINES = 3000
PRINT_LINES = 100
# The heap after a full GC should stay within this: the logs history (16 MiB), the readers' queues
# (8 MiB), a tail being sent, and what supervising 2,000 processes needs besides (about 20 MB).
HEAP_BUDGET_MB = 64


def params(P):
    q = P["quick"]
    P.update(m_printers=200 if q else 2000, m_retained=40 if q else 200, m_runs=1 if q else P["count_runs"])


def _config(d, tok, victim_tok, printers, flood_go):
    cfg = {"processes": {}}
    for k in range(printers):
        name = f"p{k:04d}"
        script = (f'i=0; while [ $i -lt {PRINT_LINES} ]; do echo "{name} line $i: the quick brown fox jumps over '
                  f'the lazy dog, again and again"; i=$((i+1)); done; exec sleep {tok}')
        cfg["processes"][name] = {"command": "/bin/sh", "args": ["-c", script]}
    cfg["processes"]["victim"] = {"command": "sleep", "args": [str(victim_tok)],
                                  "restart": {"policy": "always", "backoff_ms": BACKOFF_MS, "max_backoff_ms": BACKOFF_MS}}
    if flood_go:
        script = (f'while [ ! -e {flood_go} ]; do sleep 0.05; done; '
                  f'yes "$(head -c 65000 /dev/zero | tr \'\\0\' x)" | head -n {FLOOD_LINES}; exec sleep {tok}')
        cfg["processes"]["flood"] = {"command": "/bin/sh", "args": ["-c", script], "restart": {"policy": "never"}}
    path = os.path.join(d, "orchestrator.json")
    with open(path, "w") as f:
        json.dump(cfg, f, indent=1)
    return path


def _socket_path(config):
    name = hashlib.sha256(os.path.realpath(config).encode()).hexdigest()[:16] + ".sock"
    for base in (os.path.join(os.environ.get("XDG_RUNTIME_DIR", "/nonexistent"), "commonplace-orchestrator"),
                 "/run/commonplace-orchestrator",
                 os.path.join(os.environ.get("TMPDIR", "/tmp"), f"commonplace-orchestrator-{os.geteuid()}")):
        if os.path.exists(os.path.join(base, name)):
            return os.path.join(base, name)
    return None


def _stuck_readers(sock_path):
    """READERS connections that ask to follow every log and then never read."""
    readers = []
    for _ in range(READERS):
        s = socket.socket(socket.AF_UNIX)
        s.settimeout(5)
        s.connect(sock_path)
        s.sendall(b'{"cmd":"logs","follow":true,"lines":0}\n')
        readers.append(s)
    return readers


def _recv_exactly(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            raise OSError("the broker closed the connection")
        data += chunk
    return data


def _retained_flood(port, count, size=1 << 20):
    """Publishes `count` retained QoS 1 messages of `size` bytes on distinct topics, each acknowledged
    before the next; returns (acknowledged, note)."""
    acked = 0
    try:
        with socket.create_connection(("127.0.0.1", port), 5) as s:
            s.settimeout(15)
            s.sendall(orch.mqtt_packet(0x10, orch.mqtt_string(b"MQTT") + b"\x04\x02\x00\x3c" + orch.mqtt_string(b"bench-flood")))
            if _recv_exactly(s, 4)[3] != 0:
                return 0, "the broker refused the connection"
            payload = b"x" * size
            for k in range(count):
                body = orch.mqtt_string(f"bench/flood/{k}".encode()) + struct.pack(">H", k % 65535 + 1) + payload
                s.sendall(orch.mqtt_packet(0x33, body))   # PUBLISH, QoS 1, retained
                _recv_exactly(s, 4)                    # PUBACK
                acked += 1
        return acked, ""
    except OSError as e:
        return acked, f"after {acked} messages: {e}"


def _status(h, err_path):
    try:
        err = open(err_path, "rb").read()
    except OSError:
        err = b""
    if b"OutOfMemoryError" in err:
        return "OOM"
    return "died" if h.exited() else "ok"


def fig_m(launcher, case, P, workdir, token, i):
    """One run of one case; returns (heap MB or None, extra)."""
    d, tok, victim_tok = workdir("M", case, i), token(), token()
    go = os.path.join(d, "go") if case == "readers" else None
    config = _config(d, tok, victim_tok, P["m_printers"], go)
    args = []
    if case == "broker":
        port = free_port()
        args = ["--embedded-broker", "--mqtt-broker", f"127.0.0.1:{port}"]
    err_path = os.path.join(d, "stderr")
    with open(err_path, "wb") as err:
        # The console goes nowhere: the long-line flood would fill the disk.
        h = peers.OrchestratorHandle(procs.spawn(launcher.cmd + ["--config", config] + args,
                                                 stdout=subprocess.DEVNULL, stderr=err), config)
    found, victim = Spawned(tok), Spawned(victim_tok)
    for f in (found, victim):
        # The tokens are new: no process had them before. A pid that existed then may come round
        # to one of ours (other work on the machine), and must be counted.
        f.finder.before = set()
    extra, readers = {"printers": P["m_printers"]}, []
    try:
        if procs.wait_until(lambda: found.count() >= P["m_printers"] and victim.count() >= 1, 120, 0.2) is None:
            extra.update(status=_status(h, err_path), note=f"only {found.count()} printers came up in 120 s")
            return None, extra
        sock_path = _socket_path(config)
        if case == "readers":
            readers = _stuck_readers(sock_path)
            time.sleep(0.5)   # the requests are read before the flood begins
            open(go, "w").close()
            if procs.wait_until(lambda: found.count() >= P["m_printers"] + 1 or h.exited(), 120, 0.2) is None:
                extra["note"] = "the flood did not get through in 120 s"
        elif case == "broker":
            # 1 MiB first; a broker that refuses that size gets the same bytes in smaller messages.
            for kib in (1024, 512, 256, 128, 64):
                acked, note = _retained_flood(port, P["m_retained"] * 1024 // kib, kib * 1024)
                if acked > 0 or h.exited():
                    break
            extra.update(retained_kib=kib, retained_acked=acked, retained_mb=acked * kib / 1024)
            if note:
                extra["note"] = note
        time.sleep(1)
        extra["status"] = _status(h, err_path)
        if h.exited():
            return None, extra
        heap = orch.heap_after_full_gc_mb(h.pid)
        extra["rss"] = procs.rss_mb(h.pid)
        took = orch.ps(sock_path)[0] if sock_path else None
        extra["ps_ms"] = None if took is None else took * 1000
        # Supervision: the victim SIGKILLed, and how long until its next process exists.
        old = set(victim.found)
        t0 = time.monotonic()
        for pid in old:
            procs.kill(pid, signal.SIGKILL)
        took = procs.wait_until(lambda: victim.count() > len(old) and victim.alive() >= 1, BACKOFF_MS / 1000 + 10, 0.01)
        extra["restart_ms"] = None if took is None else (time.monotonic() - t0) * 1000
        t0 = time.monotonic()
        h.stop()
        stopped = procs.wait_until(h.exited, 30, 0.01)
        extra["stop_s"] = None if stopped is None else time.monotonic() - t0
        problems = [p for p, bad in (("OOM", _status(h, err_path) == "OOM"), ("no restart", extra["restart_ms"] is None),
                                     ("hung", stopped is None)) if bad]
        extra["status"] = ", ".join(problems) or "ok"
        return heap, extra
    finally:
        for s in readers:
            s.close()
        h.cleanup()
        found.kill_all()
        victim.kill_all()


def run(R, only, launcher, P, workdir, token, log, record):
    if "M" not in only:
        return
    params(P)
    log(f"M: memory under hostile load, {P['m_printers']} printing processes")
    for case, _ in CASES:
        record(R, "M", case, lambda i, c=case: fig_m(launcher, c, P, workdir, token, i), P["m_runs"])


def section(F, P):
    """The report's part for figure M: one row per case, medians over the runs."""
    cells = F.get("M")
    if not cells:
        return ""

    def med(xs):
        xs = sorted(x for x in xs if x is not None)
        return xs[len(xs) // 2] if xs else None

    def cell(x, fmt):
        return "—" if x is None else fmt.format(x)

    printers = P.get("m_printers")
    rows = [f"| Case | Status | Heap after full GC, MB | Within {HEAP_BUDGET_MB} MB | RSS, MB | `ps`, ms | Killed child restarted after, ms "
            f"(backoff {BACKOFF_MS}) | Stop, s | Runs |", "|---|---|---|---|---|---|---|---|---|"]
    notes = []
    for key, label in CASES:
        c = cells.get(key)
        if not c or "runs" not in c:
            continue
        ex = c["extra"]
        statuses = sorted({e.get("status", "error") for e in ex})
        heap = med(c["runs"])
        within = "—" if heap is None else ("yes" if heap <= HEAP_BUDGET_MB else "**no**")
        rows.append(f"| {printers:,} {label} | {', '.join(statuses)} | {cell(heap, '{:.1f}')} | {within} | "
                    f"{cell(med([e.get('rss') for e in ex]), '{:.1f}')} | {cell(med([e.get('ps_ms') for e in ex]), '{:.0f}')} | "
                    f"{cell(med([e.get('restart_ms') for e in ex]), '{:.0f}')} | {cell(med([e.get('stop_s') for e in ex]), '{:.2f}')} | {len(ex)} |")
        notes += [f"- {label}: {e['note']}" for e in ex if e.get("note")]
        if key == "broker":
            notes += [f"- {label}: {e.get('retained_acked', 0)} retained messages of {e.get('retained_kib')} KiB acknowledged "
                      f"({e.get('retained_mb', 0):.0f} MiB of {P.get('m_retained')} MiB sent"
                      + ("; the broker closed the connection on larger ones)" if e.get("retained_kib") != 1024 else ")")
                      for e in ex if "retained_kib" in e]
    notes = list(dict.fromkeys(notes))  # the same note from every run is said once
    return ("## M. Memory under hostile load\n\n"
            f"The orchestrator as launched (`-Xmx128m`) with {printers:,} processes that each print {PRINT_LINES} lines "
            f"and stay, and one `victim` restarted with a backoff of {BACKOFF_MS} ms; then "
            f"{READERS} raw `logs -f` clients that never read while a child prints {FLOOD_LINES:,} lines of 65,000 "
            f"bytes, or the embedded broker sent {P.get('m_retained')} MiB of retained QoS 1 messages of 1 MiB (smaller if it refuses those) "
            "(`bench/lib/hostile.py`). Heap = young + old used after `jcmd PID GC.run`; the budget is "
            f"{HEAP_BUDGET_MB} MB: the `logs` history's 16 MiB and its readers' 8 MiB (README, `logs`), and what "
            "supervising the processes needs besides. Status `OOM` or `died`: the orchestrator printed "
            "OutOfMemoryError or exited; `hung`: SIGTERM did not stop it in 30 s.\n\n"
            + "\n".join(rows) + "\n\n" + "\n".join(notes) + ("\n" if notes else ""))
