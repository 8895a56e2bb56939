#!/usr/bin/env python3
"""Drives bench/engine/run.sh's steps through the headless runs API and prints a table.

Each step is one open-loop constant_rate run. Per step: requested and achieved rate and the
schedule lag from the engine's own self-check, the most streams seen open at once (polled), the
engine JVM's threads (peak, from /proc) and CPU (from /proc, as a share of one core), the
simulator JVM's CPU, the errors and the simulator's TTFT (to see whether the target kept up).
"""
import argparse
import json
import os
import time
import urllib.request

STREAMS = "ttft_ms=1000;tps=4;tokens=17"   # 1 s + 16 × 250 ms = 5 s per stream
SHORT = "ttft_ms=20;tps=50;tokens=3"       # 20 ms + 2 × 20 ms = 60 ms per request
TICKS = os.sysconf("SC_CLK_TCK")


def call(method, url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as answer:
        return json.load(answer)


def cpu_seconds(pid):
    if not pid:
        return 0.0
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def threads(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("Threads:"):
                return int(line.split()[1])
    return -1


def step(args, matrix, rate, seconds, name):
    card = {"name": name, "base_url": f"{args.sim}/sim/custom;{matrix}/v1", "model": "m",
            "profile": {"type": "constant_rate", "rate": rate, "poisson": False},
            "model_config": {"max_tokens": 64, "stream": True}, "duration_seconds": seconds}
    cpu0, sim0, t0 = cpu_seconds(args.engine_pid), cpu_seconds(args.sim_pid), time.monotonic()
    run = call("POST", f"{args.engine}/ws-proxy/api/runs", card)
    peak_open, peak_threads = 0, 0
    deadline = time.monotonic() + seconds + 180
    while True:
        status = call("GET", f"{args.engine}/ws-proxy/api/runs/{run['id']}")
        peak_open = max(peak_open, status["summary"]["in_flight"])
        peak_threads = max(peak_threads, threads(args.engine_pid))
        if status["state"] != "running":
            break
        if time.monotonic() > deadline:
            call("DELETE", f"{args.engine}/ws-proxy/api/runs/{run['id']}")
            raise SystemExit(f"step {name} did not end within {seconds + 180} s")
        time.sleep(0.5)
    wall = time.monotonic() - t0
    s = status["summary"]
    check = s["self_check"]
    lag = check["schedule_lag_ms"] or {"p50": float("nan"), "p99": float("nan")}
    ok = (lag["p99"] <= 10 and check["achieved_rate"] >= 0.98 * check["requested_rate"] and s["errors"] == 0
          and s["requests"] == s["offered"])
    return {
        "name": name, "state": status["state"], "requested": check["requested_rate"],
        "achieved": check["achieved_rate"], "lag_p50": lag["p50"], "lag_p99": lag["p99"], "open": peak_open,
        "threads": peak_threads, "requests": s["requests"], "errors": s["errors"],
        "engine_threads_cpu": check["engine_cpu_percent"],
        "engine_jvm_cpu": round((cpu_seconds(args.engine_pid) - cpu0) / wall * 100, 1),
        "sim_jvm_cpu": round((cpu_seconds(args.sim_pid) - sim0) / wall * 100, 1) if args.sim_pid else None,
        "ttft_p50": (s["ttft_ms"] or {}).get("p50"), "e2e_p50": (s["e2e_ms"] or {}).get("p50"), "ok": ok,
    }


HEAD = ("step", "req/s asked", "sent", "lag p50", "lag p99", "open max", "threads", "errors", "eng thr CPU",
        "eng JVM CPU", "sim JVM CPU", "TTFT p50", "E2E p50", "on schedule")


def row(r):
    def f(v, d=1):
        return "–" if v is None else f"{v:,.{d}f}"
    return (r["name"], f(r["requested"], 0), f(r["achieved"], 0), f(r["lag_p50"], 2), f(r["lag_p99"], 2),
            f"{r['open']:,}", str(r["threads"]), str(r["errors"]), f(r["engine_threads_cpu"]) + " %",
            f(r["engine_jvm_cpu"]) + " %", (f(r["sim_jvm_cpu"]) + " %") if r["sim_jvm_cpu"] is not None else "–",
            f(r["ttft_p50"], 0), f(r["e2e_p50"], 0), "yes" if r["ok"] else "NO")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--engine", required=True)
    p.add_argument("--sim", required=True)
    p.add_argument("--engine-pid", type=int, required=True)
    p.add_argument("--sim-pid", type=int, default=0)
    p.add_argument("--step-seconds", type=float, default=15)
    p.add_argument("--warmup-seconds", type=float, default=15)
    p.add_argument("--stream-rates", default="200 400 600 800 1000 1400 1800")
    p.add_argument("--rates", default="500 1000 1500 2000 2500 3000 4000")
    args = p.parse_args()

    warm = step(args, SHORT, 300, args.warmup_seconds, "warm-up")
    print(f"warm-up: {warm['requests']} requests, lag p99 {warm['lag_p99']} ms (not counted)", flush=True)
    results = []
    print("| " + " | ".join(HEAD) + " |")
    print("|" + "---|" * len(HEAD), flush=True)
    for rate in [float(r) for r in args.stream_rates.split()]:
        r = step(args, STREAMS, rate, args.step_seconds, f"streams {rate:g}/s × 5 s")
        results.append(("streams", r))
        print("| " + " | ".join(row(r)) + " |", flush=True)
    for rate in [float(r) for r in args.rates.split()]:
        r = step(args, SHORT, rate, args.step_seconds, f"rate {rate:g}/s")
        results.append(("rate", r))
        print("| " + " | ".join(row(r)) + " |", flush=True)
    streams = [r["open"] for kind, r in results if kind == "streams" and r["ok"]]
    rates = [r["achieved"] for kind, r in results if kind == "rate" and r["ok"]]
    print()
    print(f"ceiling: {max(streams) if streams else 0:,} concurrent streams and "
          f"{max(rates) if rates else 0:,.0f} requests/s with schedule lag p99 under 10 ms "
          f"(highest step on schedule, no errors)")


if __name__ == "__main__":
    main()
