"""Turns the figures' results (JSON from figures.py) into docs/BENCHMARKS.md: the table with the
targets, the machine, the versions, how each figure is measured, and which targets are missed.
The hand-written section "How we got here" of an existing doc is kept as it is.

usage: report.py --results RESULTS.json --doc docs/BENCHMARKS.md --seconds N
"""
import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess

import hostile
import mqtt_rest
import watchers
import startup
import scale

BENCH = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(BENCH)
PEERS = [("supervisord", "supervisord"), ("pm2", "PM2"), ("concurrently", "concurrently"), ("foreman", "foreman")]
HOW_HEADING = "## How we got here"


def sh(cmd):
    try:
        out = subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=30)
        return (out.stdout + out.stderr).strip()
    except Exception as e:   # a missing tool is written down, not fatal
        return f"? ({e})"


def npm_version(pkg):
    path = os.path.join(BENCH, ".cache", "npm", "lib", "node_modules", pkg, "package.json")
    try:
        return json.load(open(path))["version"]   # `pm2 --version` would start a daemon
    except OSError:
        return "not installed"


def environment(params):
    cpu = re.search(r"model name\s*:\s*(.*)", open("/proc/cpuinfo").read())
    mem = int(re.search(r"MemTotal:\s*(\d+)", open("/proc/meminfo").read()).group(1))
    osr = re.search(r'PRETTY_NAME="(.*)"', open("/etc/os-release").read())
    java = params["java_argv"][0]
    return [
        ("Date", datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
        ("Cores", f"{os.cpu_count()} ({cpu.group(1) if cpu else '?'})"),
        ("Memory", f"{mem / 1024 / 1024:.1f} GiB"),
        ("Kernel", f"{platform.release()} ({osr.group(1) if osr else '?'})"),
        ("commonplace-orchestrator", f"{sh(os.path.join(ROOT, 'bin/commonplace-orchestrator') + ' --version')}, "
                                     f"commit {sh(f'git -C {ROOT} rev-parse --short HEAD')}"),
        ("JVM command (what the launcher execs)", "`" + " ".join(params["java_argv"]) + "`"),
        ("java", sh(f"{java} -version 2>&1 | head -2 | tr '\\n' ' '")),
        ("supervisord", sh("supervisord --version")),
        ("foreman", sh("foreman --version") + " (ruby " + sh("ruby -e 'print RUBY_VERSION'") + ")"),
        ("pm2", npm_version("pm2")),
        ("concurrently", npm_version("concurrently")),
        ("node", sh("node --version")),
        ("bash", sh("bash --version | head -1")),
        ("sed", sh("sed --version | head -1")),
        ("python3 (the harness)", sh("python3 --version")),
    ]


# --- cells -------------------------------------------------------------------------------------

def values(cell):
    return [v for v in (cell or {}).get("runs", []) if v is not None]


def med(cell):
    v = values(cell)
    return statistics.median(v) if v else None


def notes(cell):
    return sorted({e["note"] for e in (cell or {}).get("extra", []) if e and e.get("note")})


def fmt(cell, digits, unit=""):
    """median (min–max) over the runs; runs without a value are counted and explained."""
    if cell is None:
        return "—"
    if "na" in cell:
        return cell["na"]
    v, runs = values(cell), cell["runs"]
    f = lambda x: f"{x:.{digits}f}"
    text = f"{f(statistics.median(v))}{unit}" if v else ""
    if len(v) > 1:
        text += f" ({f(min(v))}–{f(max(v))})"
    missing = len(runs) - len(v)
    if missing:
        why = "; ".join(notes(cell)) or "no value"
        text += (" " if text else "") + f"[{missing} of {len(runs)} runs: {why}]"
    return text + f" ×{len(runs)}" if len(runs) > 1 else text


def checked(e):
    """Whether a run's lines were counted: a run that errored has no count, and is not "0 lost"."""
    return bool(e) and e.get("lost") is not None


def clean(cell):
    """Every run counted, and not one line lost or altered in any."""
    ex = (cell or {}).get("extra") or []
    return bool(ex) and all(checked(e) and not e["lost"] and not e.get("altered") for e in ex)


def lost_cell(cell):
    if cell is None or "na" in cell:
        return fmt(cell, 0)
    ex = cell["extra"]
    done = [e for e in ex if checked(e)]
    lost = [e["lost"] for e in done]
    alt = [e.get("altered") or 0 for e in done]
    bad = sum(1 for a, b in zip(lost, alt) if a or b)
    if not done:
        text = "not counted"
    elif not bad:
        text = f"0 / 0 in {len(done)} runs"
    else:
        text = f"{sum(lost)} / {sum(alt)} ({bad} of {len(done)} runs bad, at most {max(lost)} lost in one)"
    if len(done) < len(ex):
        why = "; ".join(sorted({e.get("note", "no count") for e in ex if not checked(e)}))
        text += f" [{len(ex) - len(done)} of {len(ex)} runs not counted: {why}]"
    return text


def worst(cell):
    """The largest value over the runs, or None when a run gave none: a safety count (orphans,
    grandchildren) is judged on its worst run, and a run that errored proves nothing."""
    runs = (cell or {}).get("runs") or []
    return None if not runs or any(v is None for v in runs) else max(runs)


def verdict(ok, m):
    """The "Met?" cell: ok(m) is True (met), False (missed) or None (not judged: a peer the target
    compares with has no figure)."""
    if ok is None:
        return "—"
    v = ok(m) if m is not None else False
    return "yes" if v is True else ("n/a" if v is None else "**no**")


def peer_figures(g, row):
    """The peers' medians of a row that have one, and the names of those without (n/a, not
    installed, every run failed): a peer without a figure is never counted as 0."""
    meds = [(med(g(row, k)), label) for k, label in PEERS]
    return [(m, label) for m, label in meds if m is not None], [label for m, label in meds if m is None]


def ahead(m, measured, missing, faster):
    """Ahead of every peer: False when behind one that has a figure, None (not judged) when one has
    none, else True. faster(a, b): a is ahead of b."""
    if any(not faster(m, p) for p, _ in measured):
        return False
    return None if missing else True


def build_rows(F, P):
    """One row per figure: (label, target text, ours cell text, met?, baseline text, peers' texts)."""
    g = lambda row, key: F.get(row, {}).get(key)
    rows = []

    def row(label, key, target, ok, digits, unit="", baseline=None, ours_key="ours", peers_row=None, judge=med):
        ours = g(key, ours_key)
        met = verdict(ok, judge(ours))
        peer_cells = [fmt(g(peers_row or key, k), digits, unit) if (peers_row or key) else "—" for k, _ in PEERS]
        rows.append((label, target, fmt(ours, digits, unit), met,
                     fmt(g(key, "baseline"), digits, unit) if baseline else "—", peer_cells))

    base_a = med(g("A", "baseline"))
    if "A" in F:
        row("A. Restart gap, ms (median gap between starts)", "A",
            f"≤ 2× bash loop = {2 * base_a:.1f}" if base_a else "≤ 2× bash loop",
            (lambda m: m <= 2 * base_a) if base_a else None, 1, baseline=True)
    if "B" in F:
        sed = med(g("B", "baseline"))
        measured, missing = peer_figures(g, "B")
        best = f"best: {max(measured)[1]} {max(measured)[0]:.0f}" if measured else "none has a figure"
        no_figure = f"; n/a: {', '.join(missing)}" if missing else ""
        lost_ok = clean(g("B", "ours"))
        row(f"B. Output, MB/s ({P['b_lines']:,} lines of 78 B, stdout a pipe)", "B",
            (f"≥ 0.6× sed = {0.6 * sed:.0f}" if sed else "≥ 0.6× sed") + f"; > every peer ({best}{no_figure})",
            lambda m: False if not sed or m < 0.6 * sed else ahead(m, measured, missing, lambda a, b: a > b),
            0, baseline=True)
        rows.append(("B. Lines lost / altered", "0 in every run", lost_cell(g("B", "ours")),
                     "yes" if lost_ok else "**no**", lost_cell(g("B", "baseline")),
                     [lost_cell(g("B", k)) for k, _ in PEERS]))
    if "B_styles" in F:
        # Against plain runs interleaved with these, so that a drift of the machine hits them alike.
        plain = med(g("B_styles", "ours_plain"))
        row("B plain again, MB/s (interleaved with the two below)", "B_styles", "(for comparison)", None, 0,
            ours_key="ours_plain", peers_row="")
        for key, label in (("ours_ts", "`--timestamps`"), ("ours_json", "`--log-format json`")):
            row(f"B with {label}, MB/s (the same flood)", "B_styles",
                f"≥ 0.8× plain = {0.8 * plain:.0f}" if plain else "≥ 0.8× plain",
                (lambda m: plain and m >= 0.8 * plain), 0, ours_key=key, peers_row="")
            cell = g("B_styles", key)
            if cell and "extra" in cell:
                ok = clean(cell)
                rows.append((f"B with {label}: lines lost / altered", "0 in every run", lost_cell(cell),
                             "yes" if ok else "**no**", "—", ["—" for _ in PEERS]))
    if "B_file" in F:
        row("B′. Output, MB/s, stdout a regular file", "B_file", "(for comparison)", None, 0)
    if "C" in F:
        # Issue 14: ≤ 0.25 s and ahead of every peer measured in the same run.
        measured, missing = peer_figures(g, "C")
        best = f"best: {min(measured)[0]:.2f}" if measured else "none has a figure"
        target = "≤ 0.25; < every peer (" + best + (f"; n/a: {', '.join(missing)}" if missing else "") + ")"
        start_ok = (lambda m: False if m > 0.25 else ahead(m, measured, missing, lambda a, b: a < b))
        row("C. Start-up, s (launch → 50 `sleep` children running), `bin/commonplace-orchestrator`",
            "C", target, start_ok, 2)
        row("C. Start-up, s, the same `java -jar` command without the launcher script", "C", target,
            start_ok, 2, ours_key="ours_java", peers_row="none")
    startup.rows(F, row)   # issue 14: --version and the ps round trip
    if "D_rss" in F:
        # Issue 14: ≤ 50 MB and below PM2 and concurrently.
        node = [(med(g("D_rss", k)), label) for k, label in PEERS if k in ("pm2", "concurrently")]
        node_missing = [label for n, label in node if n is None]
        node = [(n, label) for n, label in node if n is not None]
        row("D. RSS with 50 idle children, MB (baseline: a bare JVM, same flags)", "D_rss",
            "≤ 50; < PM2 and concurrently" + (f" (n/a: {', '.join(node_missing)})" if node_missing else ""),
            lambda m: False if m > 50 else ahead(m, node, node_missing, lambda a, b: a < b), 1, baseline=True)
        row(f"D. CPU over {P['d_window']} s idle, s", "D_cpu", "0.00", lambda m: m < 0.005, 2, baseline=True)
        row("D. Wake-ups per second at rest (context switches, all threads)", "D_wake", "≤ 0.2",
            lambda m: m <= 0.2, 1, baseline=True)
    if "D_rss500" in F:
        r50, r500 = med(g("D_rss", "ours")), med(g("D_rss500", "ours"))
        row("D. RSS with 500 idle children, MB", "D_rss500", "growth from 50 ≤ 25 MB",
            (lambda m: r50 is not None and m - r50 <= 25), 1, peers_row="none")
        if r50 is not None and r500 is not None:
            rows.append(("D. RSS growth 50 → 500 children, MB", "≤ 25", f"{r500 - r50:.1f}",
                         "yes" if r500 - r50 <= 25 else "**no**", "—", ["—"] * len(PEERS)))
    if "E" in F:
        row("E. Stop, s (SIGTERM → supervisor and 50 children gone)", "E", "≤ 0.3", lambda m: m <= 0.3, 2)
    if "F" in F:
        row("F. Orphans: children alive 2 s after SIGKILL of the supervisor (of 5)", "F", "0 in every run",
            lambda m: m == 0, 0, judge=worst)
    if "G" in F:
        row("G. Child ignoring SIGTERM: SIGTERM → supervisor exited, s", "G", "≤ 5.1 (stop_timeout_ms 5 s + 0.1)",
            lambda m: m <= 5.1, 2)
    if "H" in F:
        row("H. Grandchildren left after stop (of 2)", "H", "0 in every run", lambda m: m == 0, 0, judge=worst)
    return rows


def table(rows):
    head = ["Figure", "Target", "commonplace-orchestrator", "Met?", "Baseline"] + [l for _, l in PEERS]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for label, target, ours, met, base, peers in rows:
        out.append("| " + " | ".join([label, target, ours, met, base] + peers) + " |")
    return "\n".join(out)


def misses(rows):
    return [f"- {label}: measured {ours}; target {target}." for label, target, ours, met, *_ in rows
            if met == "**no**"]


def unjudged(rows):
    return [f"- {label}: measured {ours}; target {target}: not judged, a peer it compares with has no figure."
            for label, target, ours, met, *_ in rows if met == "n/a"]


def names(ex):
    """The thread names that occur more than twice, most frequent first."""
    many = sorted(((n, t) for t, n in (ex.get("names") or {}).items() if n > 2), reverse=True)
    return ", ".join(f"{n}× {t!r}" for n, t in many) or "no name more than twice"


def d_details(F):
    """Which threads of ours and of a bare JVM woke up at rest, and the thread counts."""
    out = []
    for key, name in (("ours", "commonplace-orchestrator"), ("baseline", "bare JVM")):
        cell = F.get("D_wake", {}).get(key)
        if not cell:
            continue
        ex = cell["extra"][0]
        woken = ", ".join(f"{t} {n}/s" for t, n in sorted((ex.get("woken") or {}).items(), key=lambda x: -x[1]))
        with50 = " with 50 children" if key == "ours" else ""
        out.append(f"- {name}: {ex['threads']} threads{with50} ({names(ex)}); woken per second, by thread: "
                   f"{woken or 'none'}.")
    c500 = F.get("D_rss500", {}).get("ours")
    if c500 and c500["extra"] and c500["extra"][0].get("threads"):
        ex = c500["extra"][0]
        out.append(f"- commonplace-orchestrator with 500 children: {ex['threads']} threads ({names(ex)}).")
    return "\n".join(out)


def kept_story(doc):
    """The hand-written "How we got here" section of the existing doc, if any."""
    try:
        text = open(doc).read()
    except OSError:
        return None
    if HOW_HEADING not in text:
        return None
    rest = text.split(HOW_HEADING, 1)[1]
    nxt = re.search(r"\n## ", rest)
    return HOW_HEADING + (rest[:nxt.start()] if nxt else rest).rstrip() + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--doc", required=True)
    ap.add_argument("--seconds", type=int, default=0)
    a = ap.parse_args()
    R = json.load(open(a.results))
    P, F = R["params"], R["figures"]
    rows = build_rows(F, P) + scale.rows(F, P, fmt, med, lost_cell, [k for k, _ in PEERS], verdict, clean)
    missed = misses(rows)
    not_judged = unjudged(rows)
    not_judged_text = ("\nNot judged (\"Met?\" n/a):\n\n" + "\n".join(not_judged) + "\n") if not_judged else ""
    mode = (f"**quick** (`bench/run --quick`): {P['b_lines']:,} lines in B, a {P['d_window']} s window in D, "
            f"3 runs of our timing figures (A, B, C, E; B the sed baseline too) but 1 run of every peer "
            f"and of the counts F, G, H, and G given up after {P['g_timeout']} s. Indicative only: run "
            "`bench/run` for the figures of record."
            if P["quick"] else
            f"**full** (`bench/run`): {P['runs']} runs of every figure, {P['b_ours_runs']} of B for us "
            f"and for sed, {P['b_lines']:,} lines in B, a {P['d_window']} s window in D, G given up after "
            f"{P['g_timeout']} s.")
    story = kept_story(a.doc) or (
        HOW_HEADING + "\n\n"
        "_To be written by whoever makes the targets: what was changed in the orchestrator and why, with "
        "the figures before and after._ At the time of the first run of this benchmark (the table below "
        "\"Targets missed\" was generated by it) these targets were missed:\n\n" + "\n".join(missed) + "\n")
    env = "\n".join(f"| {k} | {v} |" for k, v in environment(P))
    doc = f"""# Benchmarks

commonplace-orchestrator measured side by side with supervisord, PM2, concurrently and foreman on one
machine, in one run of `bench/run` (issue 6). This file is generated by `bench/run`; only the section
"How we got here" is written by hand (the generator keeps it).

Mode: {mode} The run took {a.seconds} s.

Each cell is the median of the runs with the min–max in brackets, and ×N the number of runs; "Met?"
compares our median with the target, except for the safety counts (F, H), judged on the worst run
(a run that errored is not a 0). A peer without a figure is n/a, never 0: a target "ahead of every
peer" is then not judged (n/a), unless we are already behind one that has a figure. Lines lost are
counted only in runs that checked them; a run that errored is said, not counted as 0 lost. Baselines: A a bash `while` loop running the same child, B
`sed 's/^/[app] /'` on the same lines, D a bare JVM (an idle `main`) with the orchestrator's JVM flags.

{table(rows)}

## Targets missed in this run

{chr(10).join(missed) if missed else "None."}
{not_judged_text}
## Environment

| | |
|---|---|
{env}

The machine is shared with other work (builds, tests); a figure that moves a lot between runs was
probably disturbed, so look at the min–max.

## How each figure is measured

The harness is `bench/run` (installs the peers, builds the jar, cleans up) and `bench/lib/*.py`
(`figures.py` the figures, `peers.py` one adapter per supervisor, `procs.py` /proc, `report.py` this
file); the children are the scripts in `bench/tools/`. Time is measured with `time.monotonic()` in the
harness or, where the child notes its own start, with bash's `$EPOCHREALTIME` against `time.time()`.
Waits poll /proc or a file every 2–20 ms, each bounded by a timeout. Children are found by their
command line `sleep TOKEN`, with a token unique to the run.

- **A** — one process, `bench/tools/crash STAMPS` (bash: appends `$EPOCHREALTIME`, exits 1), restarted
  at once: ours `policy always, backoff_ms 0, max_backoff_ms 0`; supervisord `autorestart=true,
  startsecs=0`; PM2 `restart_delay 0, min_uptime 0`; concurrently `--restart-tries -1 --restart-after 0`.
  Up to {P['a_starts']} starts or {P['a_window']} s ({P['a_window_slow']} s for supervisord); the value is the median gap.
  foreman cannot restart. The baseline is `while (( i++ < N )); do crash STAMPS; done`.
- **B** — one process, `bench/tools/flood` (notes its start, then `cat`s {P['b_lines']:,} numbered lines
  of 78 bytes) with no restart. The supervisor's stdout is a pipe read by the harness (PM2 writes
  the app's output to its `out_file`, which is followed). Time = arrival of the last line − the
  child's start; MB/s = the bytes of the lines that arrived intact / that time. Afterwards every line is checked: each number must arrive once, byte for byte after
  the tool's prefix (`[app] ` for ours, concurrently, sed; `HH:MM:SS app.1 | ` for foreman; none for
  supervisord, whose `stdout_logfile=/dev/stdout` passes the bytes through as they come, unprefixed
  and without keeping lines whole (its own log lines can land inside a child's line), and none for PM2). B′ repeats it with the
  supervisor's stdout a regular file, since concurrently loses lines when its stdout is a pipe.
  The styles of issue 11 are run as B, ours only, each run of plain, `--timestamps` and
  `--log-format json` after the other so a drift of the machine hits all three; each line is checked
  after its time (`2026-12-01T14:05:09.120+00:00 [app] `) or inside its JSON object (`"line":"…"}}`),
  and each style must keep ≥ 0.8× the plain figure of those same runs.
- **C** — 50 processes `sleep TOKEN`; from launching the supervisor (ours: `bin/commonplace-orchestrator
  --config FILE`, what users run; PM2: `pm2 start ecosystem.json` with a fresh `PM2_HOME`, so its
  daemon starts too) until 50 `sleep TOKEN` processes exist.
  `--version` alone is timed from launch to exit, beside `java -version` with the same JVM flags (the
  floor of any JVM). The status round trip: with 50 `sleep` children running, a fresh client process
  lists them and exits, timed {startup.CLIENT_CALLS} times per run (the run's value is their median):
  ours `commonplace-orchestrator ps --config FILE`, `supervisorctl -c FILE status`, PM2 `pm2 jlist`;
  each call must list all 50.
- **D** — every supervisor with 50 idle `sleep` children, all at once (they are idle, so they do not
  disturb each other), plus the bare JVM. After {P['d_settle']} s, over {P['d_window']} s: CPU = utime+stime of
  /proc/PID/stat; wake-ups = voluntary + involuntary context switches summed over
  /proc/PID/task/*/status; RSS = VmRSS at the end. For PM2 the daemon is measured (its CLI has
  exited); for concurrently and foreman the node/ruby process. Ours is then started alone with 500
  children for the RSS growth. The node-based peers (PM2, concurrently) keep waking up for a while
  after their start (V8's idle-time garbage collection), so their wake-ups vary from run to run.
- **E** — 50 `sleep` children (they exit at once on SIGTERM); SIGTERM to the supervisor (PM2:
  `pm2 kill`) until the supervisor has exited and no child is left.
- **F** — 5 `sleep` children; SIGKILL to the supervisor (PM2: to its daemon); children alive 2 s later.
- **G** — one child, `bench/tools/ignore-term` (ignores SIGTERM, then `exec sleep`); default settings
  (ours: `stop_timeout_ms` 5000; supervisord `stopwaitsecs` 10; PM2 `kill_timeout` 1600 ms; foreman
  `-t 5`); SIGTERM (PM2: `pm2 kill`) until the supervisor has exited, given up after {P['g_timeout']} s.
- **H** — one child, `bench/tools/two-bg` (sh starting two background `sleep`s and waiting); stop as
  in E; `sleep`s left 0.5 s after the supervisor exited.
{scale.how(P)}

Details of D, at rest with 50 children:

{d_details(F)}

{mqtt_rest.section(F, P)}
{watchers.section(F, P)}
{hostile.section(F, P)}
{startup.memory_section(F)}
## How to reproduce

```sh
bench/run           # the figures of record, about 30 minutes
bench/run --quick   # about 10 minutes: fewer runs, smaller sizes
```

Both rewrite this file. They need Debian (apt-get for supervisor and ruby-foreman), npm (pm2 and
concurrently go to the git-ignored `bench/.cache/npm`), python3, and the project's own needs (Java
25, Maven, util-linux). `BENCH_KEEP=1 bench/run` keeps the temp dir with every config and output.

{story}"""
    with open(a.doc, "w") as f:
        f.write(doc)


if __name__ == "__main__":
    main()
