"""Start-up and memory figures of issue 14, beside figures C and D: `--version` alone, a `ps` round
trip (a client JVM that asks the running orchestrator for its list and prints it) beside
`supervisorctl status` and `pm2 jlist`, and where the orchestrator's memory goes with 50 idle
children (NMT, -XX:NativeMemoryTracking=summary and `jcmd PID VM.native_memory`, and /proc/PID/smaps).

figures.py calls run(); report.py calls rows() and memory_section().
"""
import os
import re
import statistics
import subprocess
import time

import peers
import procs

CLIENT_CALLS = 3   # client round trips per supervisor started; the run's value is their median


def timed(argv, env=None, timeout=30):
    """Runs a command to its end; returns (seconds, exit code, stdout)."""
    t0 = time.monotonic()
    p = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
    return time.monotonic() - t0, p.returncode, p.stdout


def fig_version(argv):
    def run(i):
        secs, code, out = timed(argv)
        if code != 0:
            return None, {"note": f"exit {code}"}
        return secs, {}
    return run


def status_command(tool, h, d):
    """The peer's own way to list its processes, or None."""
    if isinstance(tool, peers.Orchestrator):
        return tool.cmd + ["ps", "--config", os.path.join(d, "orchestrator.json")], None, lambda out: b"s049" in out
    if isinstance(tool, peers.Supervisord):
        # Listed as STARTING for their first second (startsecs), RUNNING afterwards: both are listed.
        return (["supervisorctl", "-c", os.path.join(d, "supervisord.conf"), "status"], None,
                lambda out: len(re.findall(rb"^s\d{3} ", out, re.M)) >= 50)
    if isinstance(tool, peers.Pm2):
        return [os.path.join(peers.NPM_BIN, "pm2"), "jlist"], h.env, lambda out: out.count(b'"name":"s0') >= 50
    return None


def fig_ps(tool, i, workdir, start, sleeps, token, up, finish):
    """Starts the supervisor with 50 `sleep` children; once all run, times CLIENT_CALLS calls of its
    status command (each a fresh client process, as a user runs it) and checks each listed all 50."""
    d, tok = workdir("Cps", tool.key, i), token()
    finder = procs.Finder(tok)
    h = start(tool, sleeps(50, tok), d)
    try:
        up(finder, 50)
        h.supervisor_pids()   # PM2: its daemon is up too
        argv, env, complete = status_command(tool, h, d)
        times = []
        for _ in range(CLIENT_CALLS):
            secs, code, out = timed(argv, env)
            # supervisorctl exits 3 when some process is not RUNNING; all are here, so 0 is expected.
            if code != 0 or not complete(out):
                return None, {"note": f"exit {code}, or not all 50 listed"}
            times.append(secs)
        return statistics.median(times), {"calls": [round(t, 4) for t in times]}
    finally:
        finish(h, finder)


# --- where the memory goes ----------------------------------------------------------------------

NMT_KEYS = ["Java Heap", "Class", "Metaspace", "Shared class space", "Code", "Thread", "GC", "Symbol",
            "Internal", "Compiler", "Native Memory Tracking", "Other"]


def nmt_summary(pid, java):
    jcmd = os.path.join(os.path.dirname(java), "jcmd")
    out = subprocess.run([jcmd, str(pid), "VM.native_memory", "summary"], capture_output=True, text=True,
                         timeout=30).stdout
    committed = {}
    for m in re.finditer(r"^-\s+(.+?) \(reserved=\d+KB, committed=(\d+)KB", out, re.M):
        committed[m.group(1).strip()] = int(m.group(2)) / 1024
    total = re.search(r"^Total: reserved=\d+KB, committed=(\d+)KB", out, re.M)
    stacks = re.search(r"\(stack: reserved=\d+KB, committed=(\d+)KB", out)
    return {"total": int(total.group(1)) / 1024 if total else None, "committed": committed,
            "stacks": int(stacks.group(1)) / 1024 if stacks else None}


def smaps_by_kind(pid, aot_path):
    """Resident MB by kind of mapping: anonymous, the AOT cache, libjvm, the jimage, other files."""
    kinds, cur = {}, None
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
                parts = line.split()
                name = parts[5] if len(parts) > 5 else ""
                cur = ("AOT cache" if aot_path and name == aot_path else "libjvm.so" if name.endswith("/libjvm.so")
                       else "jimage (lib/modules)" if name.endswith("/lib/modules")
                       else "anonymous (heap, metaspace, code, stacks, malloc)" if not name.startswith("/")
                       else "other files (libc, JDK libraries, the jar)")
            elif line.startswith("Rss:"):
                kinds[cur] = kinds.get(cur, 0) + int(line.split()[1]) / 1024
    return kinds


def fig_memory(java_argv, i, workdir, sleeps, token, up, settle):
    """Ours with 50 idle children and NMT on: the NMT summary and the resident memory by mapping.
    NMT costs memory of its own (its row), so the RSS here is a little above figure D's."""
    d, tok = workdir("Dmem", i), token()
    finder = procs.Finder(tok)
    argv = java_argv[:1] + ["-XX:NativeMemoryTracking=summary"] + java_argv[1:]
    tool = peers.Orchestrator(argv, key="ours_nmt")
    h = tool.launch(sleeps(50, tok), d, open(os.path.join(d, "stdout"), "wb"), open(os.path.join(d, "stderr"), "wb"))
    try:
        up(finder, 50)
        time.sleep(settle)
        aot = next((a.split("=", 1)[1] for a in argv if a.startswith("-XX:AOTCache=")), None)
        result = {"rss": procs.rss_mb(h.pid), "nmt": nmt_summary(h.pid, java_argv[0]),
                  "smaps": smaps_by_kind(h.pid, aot), "threads": procs.threads(h.pid)}
        return result["rss"], result
    finally:
        h.cleanup()
        finder.kill_all()


def run(R, only, P, launcher, java_argv, everyone, each, record, helpers):
    """The figures of this file, with the helpers of figures.py (workdir, start, sleeps, token, up, finish)."""
    workdir, start, sleeps, token, up, finish = helpers
    if "C" in only:
        print("C_version: --version alone (baseline: `java -version` with the same flags)", flush=True)
        flags = java_argv[:java_argv.index("-jar")]
        for i in range(P["runs"] * 2):   # short: twice the runs
            record(R, "C_version", "ours", fig_version(launcher.cmd + ["--version"]), 1, first=i)
            record(R, "C_version", "baseline", fig_version(flags + ["-version"]), 1, first=i)
        print(f"C_ps: a status round trip with 50 children ({CLIENT_CALLS} calls per run, their median)", flush=True)
        listers = [t for t in everyone if isinstance(t, (peers.Orchestrator, peers.Supervisord, peers.Pm2))]
        each("C_ps", lambda t, i: fig_ps(t, i, workdir, start, sleeps, token, up, finish), listers,
             P["runs"], P["peer_runs"])
        for t in everyone:
            if t not in listers:
                R.setdefault("C_ps", {})[t.key] = {"na": "n/a: no command that lists the running processes"}
    if "D" in only:
        print("D_mem: where the memory goes, 50 idle children, NMT on", flush=True)
        record(R, "D_mem", "ours", lambda i: fig_memory(java_argv, i, workdir, sleeps, token, up, P["d_settle"]),
               1 if P["quick"] else 2)


# --- the report ---------------------------------------------------------------------------------

def rows(F, row):
    """Adds the rows of these figures to the table through report.py's row()."""
    if "C_version" in F:
        row("C. `--version` alone, s (baseline: `java -version`, same flags)", "C_version", "≤ 0.10",
            lambda m: m <= 0.10, 3, baseline=True, peers_row="none")
    if "C_ps" in F:
        row("C. Status round trip with 50 children, s (ours `ps`; supervisorctl status; pm2 jlist)", "C_ps",
            "≤ 0.15", lambda m: m <= 0.15, 3)


def memory_section(F):
    """Markdown: where the memory of ours with 50 children goes (the first run with NMT)."""
    cell = F.get("D_mem", {}).get("ours")
    ex = next((e for e in (cell or {}).get("extra", []) if e and "nmt" in e), None)
    if not ex:
        return ""
    nmt, smaps = ex["nmt"], ex["smaps"]
    lines = [f"Resident memory of commonplace-orchestrator with 50 idle children, with NMT on: "
             f"**{ex['rss']:.1f} MB** ({ex['threads']} threads).", "",
             "| By mapping (/proc/PID/smaps, Rss) | MB |", "|---|---|"]
    lines += [f"| {k} | {v:.1f} |" for k, v in sorted(smaps.items(), key=lambda kv: -kv[1])]
    lines += ["", f"| By JVM area (NMT committed; total {nmt['total']:.1f} MB) | MB |", "|---|---|"]
    c = nmt["committed"]
    for k in NMT_KEYS:
        if k in c:
            label = k + (" (thread stacks)" if k == "Thread" else "")
            lines.append(f"| {label} | {c[k]:.1f} |")
    rest = sum(v for k, v in c.items() if k not in NMT_KEYS)
    lines.append(f"| everything else | {rest:.1f} |")
    lines += ["", "NMT's committed memory is not all resident (a committed page is counted before it is "
              "touched), and resident file pages (libjvm, the AOT cache) are shared with every other JVM "
              "that maps the same files."]
    return "\n".join(lines) + "\n"
