#!/usr/bin/env python3
"""Turns the RESULT lines of bench/clients/run.sh into markdown tables (one per scenario).

Usage: report.py results.jsonl   (lines: {"round": N, ...result...})
Each cell shows the rounds' values side by side ("a / b"), so the noise is visible.
"""
import json
import sys
from collections import defaultdict

rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
by = defaultdict(list)           # (scenario, conc, candidate) -> [result per round]
for r in rows:
    by[(r.get("scenario"), r.get("conc"), r.get("candidate"))].append(r)
rounds = sorted({r["round"] for r in rows})
CANDS = ["jdk", "jetty", "hc5", "hc5t", "ours", "raw"]


def cell(rs, key, fmt="{}"):
    vals = []
    for rnd in rounds:
        m = [r for r in rs if r["round"] == rnd]
        if not m:
            vals.append("–")
            continue
        r = m[0]
        if "fatal" in r:
            vals.append("FAILED")
            continue
        v = r.get(key)
        vals.append("–" if v is None else (fmt.format(v) if not isinstance(v, str) else v))
    return " / ".join(vals)


def table(scenario, title, cols, concs=(None,)):
    present = [k for k in by if k[0] == scenario]
    if not present:
        return
    print(f"#### {title}\n")
    head = ["candidate"] + (["C"] if concs != (None,) else []) + [c[0] for c in cols]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for conc in concs:
        for cand in CANDS:
            rs = by.get((scenario, conc, cand))
            if not rs:
                continue
            line = [cand] + ([str(conc)] if concs != (None,) else [])
            line += [cell(rs, key, fmt) for _, key, fmt in cols]
            print("| " + " | ".join(line) + " |")
    print()


load_concs = sorted({k[1] for k in by if k[0] == "load"})
stream_concs = sorted({k[1] for k in by if k[0] == "streams"})
table("load", "(a) non-streaming closed loop (static nginx upstream)", [
    ("req/s", "rps", "{}"), ("p50 ms", "p50_ms", "{}"), ("p99 ms", "p99_ms", "{}"),
    ("CPU µs/req", "cpu_us_per_req", "{}"), ("JVM threads (client's)", "threads_client", "{}"),
    ("JVM threads", "threads_jvm", "{}"), ("errors", "errors", "{}"), ("conns", "connections", "{}"),
], tuple(load_concs))
table("streams", "(b) concurrent 2 s SSE streams, closed loop, 15 s", [
    ("streams/s", "streams_per_s", "{}"), ("ideal", "ideal_per_s", "{}"), ("errors", "errors", "{}"),
    ("p50 ms", "p50_ms", "{}"), ("p99 ms", "p99_ms", "{}"), ("JVM threads (client's)", "threads_client", "{}"),
    ("OS threads", "threads_os", "{}"), ("RSS MB", "rss_mb", "{}"), ("heap used MB", "heap_used_mb", "{}"),
    ("heap live MB", "heap_live_mb", "{}"), ("direct MB", "direct_mb", "{}"), ("CPU cores", "cpu_util", "{}"),
    ("conns", "connections", "{}"), ("upstream CPU cores", "upstream_cpu", "{}"),
], tuple(stream_concs))
table("latency", "(c) concurrency 1, 20 chunks 10 ms apart (raw = blocking socket floor)", [
    ("first event p50 µs", "first_event_p50_us", "{}"), ("p90 µs", "first_event_p90_us", "{}"),
    ("content gap p50 ms", "gap_p50_ms", "{}"), ("gap p99 ms", "gap_p99_ms", "{}"),
    ("first→last p50 ms", "span_p50_ms", "{}"),
])
table("backpressure", "(d) back-pressure: 1 of 100 streams (20 MiB) stalls 5 s", [
    ("onData while stalled", "data_calls_while_stalled", "{}"),
    ("read from socket while stalled KiB", "stalled_conn_lib_read_during_stall_kb", "{}"),
    ("held in library KiB", "lib_buffered_kb", "{}"),
    ("kernel Recv-Q KiB", "stalled_conn_kernel_recvq_kb", "{}"),
    ("heap live growth MB", "heap_live_growth_mb", "{}"), ("direct growth MB", "direct_growth_mb", "{}"),
    ("others p99 before/during ms", "others_before_p99_ms", "{}"), ("during", "others_during_p99_ms", "{}"),
    ("others errors", "others_errors", "{}"), ("stalled completed", "stalled_completed", "{}"),
    ("drain ms", "drain_after_resume_ms", "{}"),
])
table("cancel", "(e) cancel() mid-stream (10 cancels)", [
    ("socket closed ≤100 ms", "closed_within_100ms", "{}"), ("not closed in 2 s", "not_closed_within_2s", "{}"),
    ("close p50 ms", "client_close_p50_ms", "{}"), ("close max ms", "client_close_max_ms", "{}"),
    ("upstream released p50 ms", "upstream_close_p50_ms", "{}"),
    ("onData after cancel", "data_after_cancel", "{}"), ("follow-up failures", "follow_up_failures", "{}"),
    ("conns at end", "connections_at_end", "{}"),
])
# configuration and callback threads, once per candidate
print("#### configuration and callback threads\n")
seen = set()
for r in rows:
    c = r.get("candidate")
    if c in seen or "config" not in r:
        continue
    if r.get("scenario") in ("load", "latency"):
        seen.add(c)
        extra = f"; onData seen on: {r['callback_threads']}" if r.get("callback_threads") else ""
        print(f"- **{c}**: {r['config']}{extra}")
print()
fails = [r for r in rows if "fatal" in r or r.get("first_problem") or r.get("first_error")]
if fails:
    print("#### problems reported\n")
    for r in fails:
        print(f"- round {r['round']} {r['candidate']} {r['scenario']} {r.get('conc') or ''}: "
              f"{r.get('fatal') or r.get('first_problem') or r.get('first_error')}")
    print()
