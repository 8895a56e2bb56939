#!/usr/bin/env bash
# Throughput/latency benchmark of the balancer (lb-war on Payara Micro) against a plain nginx
# reverse proxy, both in front of the same static fake OpenAI upstream, plus a streaming
# (SSE) latency probe. Not a test: it prints numbers.
#
#   bench/run.sh            # ~3-4 minutes; needs root for apt-get on first run
#
# Everything listens on 127.0.0.1 (ports 18201-18204) and lives under bench/out/ (git-ignored).
# All processes it starts are stopped on exit, including Ctrl-C.
#
# Tunables (env): DURATION (s per wrk run, default 10), WARMUP (s, default 20),
# STREAM_N (streaming requests per target, default 20), STREAM_WARM (default 200), JFR (1 = profile
# the balancer at c64), JFR_SETTINGS (a .jfc for it, default profile).
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/streams/lib.sh"   # BENCH_DIR, REPO, PIDS, log, die, ...
OUT=$BENCH_DIR/out

PORT_FAKE=18201      # nginx: static fake upstream
PORT_NGINX=18202     # nginx: reverse proxy -> fake (the reference)
PORT_LB=18203        # the balancer -> fake
PORT_STREAM=18204    # python: streaming fake upstream

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-20}
STREAM_N=${STREAM_N:-20}
STREAM_WARM=${STREAM_WARM:-200}   # streaming warm-up requests through the balancer
JFR=${JFR:-0}        # 1 = a JFR profile of the balancer during its c64 run (JFR_SETTINGS: a .jfc, default profile)
THREADS=2
CONCURRENCIES=(16 64)
ADMIN_TOKEN=bench-admin

lib_install_traps   # everything started here is stopped on exit, only our own pids

# ---------------------------------------------------------------------------------------------
# Prerequisites
ensure_tools() {
    local missing=()
    command -v nginx >/dev/null || missing+=(nginx)
    command -v wrk >/dev/null || missing+=(wrk)
    command -v python3 >/dev/null || die "python3 is required"
    command -v java >/dev/null || die "java is required"
    command -v curl >/dev/null || die "curl is required"
    if ((${#missing[@]})); then
        log "installing ${missing[*]} (apt-get)"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx wrk >/dev/null
    fi
}

# ---------------------------------------------------------------------------------------------
# Servers (nginx: start_nginx from lib.sh).
start_python_stream_upstream() {
    python3 "$BENCH_DIR/stream_upstream.py" "$PORT_STREAM" >"$OUT/stream-upstream.log" 2>&1 &
    PIDS+=($!)
    wait_http_200 "http://127.0.0.1:$PORT_STREAM/v1/models" 10 "$!"
}

start_balancer() {
    rm -rf "$OUT/payara" && mkdir -p "$OUT/payara"   # Payara's unpacked runtime; start clean
    rm -f "$OUT"/lb.db "$OUT"/lb.db-wal "$OUT"/lb.db-shm     # fresh state every run
    # Deploy a snapshot: a concurrent `mvn package` may rewrite target/lb.war while Payara reads it.
    cp "$REPO/lb-war/target/lb.war" "$OUT/lb.war"
    log "starting the balancer on :$PORT_LB (Payara Micro boot takes a while)"
    local t0=$SECONDS
    LB_ADMIN_TOKEN=$ADMIN_TOKEN LB_DB_PATH=$OUT/lb.db \
        java -Xmx512m -jar "$REPO/lb-war/target/runtime/payara-micro.jar" \
        --deploy "$OUT/lb.war:/" --port "$PORT_LB" \
        --nocluster --disablephonehome --rootdir "$OUT/payara" --minHttpThreads 16 --maxHttpThreads 16 \
        --prebootcommandfile "$REPO/config/lb-preboot.txt" --postbootcommandfile "$REPO/config/lb-postboot.txt" \
        >"$OUT/balancer.log" 2>&1 &
    PIDS+=($!)
    LB_PID=$!
    if ! (wait_http_200 "http://127.0.0.1:$PORT_LB/health/ready" 120 "$!"); then
        tail -n 40 "$OUT/balancer.log" >&2
        die "balancer did not become ready"
    fi
    log "balancer ready after $((SECONDS - t0)) s"
}

json_id() { python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }

create_endpoint() {   # name base_url -> id
    admin POST /endpoints \
        "{\"name\":\"$1\",\"base_url\":\"$2\",\"connected\":true,\"token_quota_percent\":100}" | json_id
}

# One request through a target, so a misconfiguration fails loudly instead of benchmarking 4xx.
smoke() {   # port
    local code
    code=$(curl -s -o "$OUT/smoke.json" -w '%{http_code}' -X POST "http://127.0.0.1:$1/v1/chat/completions" \
        -H 'Content-Type: application/json' \
        -d '{"model":"bench-model","messages":[{"role":"user","content":"hi"}]}')
    [[ $code == 200 ]] || die "smoke request to :$1 -> $code: $(cat "$OUT/smoke.json")"
}

# ---------------------------------------------------------------------------------------------
# wrk runs. Results go into RPS/P50/P99/ERRS keyed "target:concurrency".
declare -A RPS P50 P99 ERRS

run_wrk() {   # target port concurrency duration -> raw output file
    local file=$OUT/wrk-$1-c$3.txt
    wrk -t"$THREADS" -c"$3" -d"$4"s --latency -s "$BENCH_DIR/post.lua" \
        "http://127.0.0.1:$2/v1/chat/completions" >"$file" 2>&1 || true
    printf '%s' "$file"
}

parse_wrk() {   # key file
    local key=$1 f=$2 non2xx sock
    RPS[$key]=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$f")
    P50[$key]=$(wrk_latency_ms "$f" 50)
    P99[$key]=$(wrk_latency_ms "$f" 99)
    non2xx=$(awk -F': *' '/Non-2xx or 3xx responses/ {print $2}' "$f")
    sock=$(sed -n 's/^ *Socket errors: *//p' "$f")
    ERRS[$key]="non2xx=${non2xx:-0}${sock:+; socket: $sock}"
    [[ -n ${RPS[$key]} ]] || { cat "$f" >&2; die "could not parse wrk output $f"; }
}

# ---------------------------------------------------------------------------------------------
print_header() {
    local cpu
    cpu=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo)
    [[ -n $cpu ]] || cpu=$(lscpu 2>/dev/null | awk -F': *' '/Model name/ {print $2; exit}')
    echo "=== LLM load balancer benchmark ==="
    echo "date:    $(date -Is)"
    echo "machine: $(nproc) CPUs, ${cpu:-unknown CPU}"
    echo "java:    $(java -version 2>&1 | head -n 1)"
    echo "nginx:   $(nginx -v 2>&1 | sed 's/^nginx version: //'), wrk: $(wrk -v 2>&1 | head -n 1 | awk '{print $2}')"
    echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, before starting anything)"
    echo "other processes using CPU now (1 s sample):"
    python3 "$BENCH_DIR/busy_procs.py" $$ | sed 's/^/  /'
    echo "setup:   wrk -t$THREADS, ${DURATION}s per run, ${WARMUP}s balancer warm-up; wrk, nginx and the JVM share all CPUs"
    echo
}

print_table() {
    printf '%-10s %5s %12s %10s %10s   %s\n' target conc 'req/s' 'p50 ms' 'p99 ms' 'errors (wrk)'
    local c t
    for c in "${CONCURRENCIES[@]}"; do
        for t in direct nginx balancer; do
            printf '%-10s %5s %12s %10s %10s   %s\n' "$t" "$c" "${RPS[$t:$c]}" "${P50[$t:$c]}" \
                "${P99[$t:$c]}" "${ERRS[$t:$c]}"
        done
    done
    echo
    awk -v b="${RPS[balancer:64]}" -v n="${RPS[nginx:64]}" -v d="${RPS[direct:64]}" 'BEGIN {
        printf "throughput c64: balancer/nginx = %.2f   (balancer/direct = %.2f, nginx/direct = %.2f)\n",
            b / n, b / d, n / d }'
    awk -v b="${P50[balancer:16]}" -v n="${P50[nginx:16]}" -v d="${P50[direct:16]}" 'BEGIN {
        printf "added p50 latency c16: balancer - direct = %.2f ms   (nginx - direct = %.2f ms)\n",
            b - d, n - d }'
    echo
}

# Streaming: time to the first SSE event and spacing of the content events, direct vs balancer.
stream_report() {   # direct.json balancer.json
    python3 - "$1" "$2" <<'EOF'
import json, statistics as st, sys
d, b = (json.load(open(p)) for p in sys.argv[1:3])
med = lambda xs: st.median(xs) if xs else float("nan")
def gaps(r):
    runs = [c for c in r["content_ms"] if len(c) >= 2]
    n = min((len(c) for c in runs), default=0)
    return [med([c[i] - c[i - 1] for c in runs]) for i in range(1, n)], \
           med([c[-1] - c[0] for c in runs])
print(f"streaming ({len(d['first_ms'])} direct / {len(b['first_ms'])} balancer sequential requests,"
      f" 5 content events 100 ms apart upstream)")
fd, fb = med(d["first_ms"]), med(b["first_ms"])
print(f"  first data: event, median   direct {fd:7.2f} ms   balancer {fb:7.2f} ms   added {fb - fd:6.2f} ms")
print(f"  first data: event, max      direct {max(d['first_ms'], default=float('nan')):7.2f} ms"
      f"   balancer {max(b['first_ms'], default=float('nan')):7.2f} ms")
for name, r in (("direct", d), ("balancer", b)):
    g, span = gaps(r)
    print(f"  {name:8s} median gaps between content events (ms): "
          + " ".join(f"{x:6.1f}" for x in g) + f"   first->last {span:6.1f}")
for name, r in (("direct", d), ("balancer", b)):
    counts = sorted({len(c) for c in r["content_ms"]})
    print(f"  {name:8s} content events per response {counts}, usage chunks {r['usage_seen']},"
          f" [DONE] {r['done_seen']}, failed requests {len(r['errors'])}"
          + (f" e.g. {r['errors'][0]}" if r["errors"] else ""))
EOF
}

# ---------------------------------------------------------------------------------------------
main() {
    ensure_tools
    ensure_build
    mkdir -p "$OUT"
    ensure_ports_free "$PORT_FAKE" "$PORT_NGINX" "$PORT_LB" "$PORT_STREAM"
    print_header

    start_nginx fake "$BENCH_DIR/nginx-upstream.conf.template" "$PORT_FAKE"
    start_nginx proxy "$BENCH_DIR/nginx-proxy.conf.template" "$PORT_NGINX" "$PORT_FAKE"
    start_python_stream_upstream
    start_balancer

    local fake_id stream_id
    fake_id=$(create_endpoint bench "http://127.0.0.1:$PORT_FAKE/v1")
    smoke "$PORT_FAKE"; smoke "$PORT_NGINX"; smoke "$PORT_LB"

    # The JIT needs load before the balancer's numbers mean anything.
    log "warming up the balancer: ${WARMUP}s at c64"
    parse_wrk warmup "$(run_wrk warmup "$PORT_LB" 64 "$WARMUP")"
    log "warm-up: ${RPS[warmup]} req/s, ${ERRS[warmup]}"

    local c
    for c in "${CONCURRENCIES[@]}"; do
        log "c$c: direct";   parse_wrk "direct:$c"   "$(run_wrk direct "$PORT_FAKE" "$c" "$DURATION")"
        log "c$c: nginx";    parse_wrk "nginx:$c"    "$(run_wrk nginx "$PORT_NGINX" "$c" "$DURATION")"
        if ((JFR)) && [[ $c == 64 ]]; then
            jcmd "$LB_PID" JFR.start name=bench settings="${JFR_SETTINGS:-profile}" filename="$OUT/lb-c64.jfr" >/dev/null
        fi
        log "c$c: balancer"; parse_wrk "balancer:$c" "$(run_wrk balancer "$PORT_LB" "$c" "$DURATION")"
        if ((JFR)) && [[ $c == 64 ]]; then
            jcmd "$LB_PID" JFR.stop name=bench >/dev/null
            log "profile: $OUT/lb-c64.jfr (jfr print --events jdk.ExecutionSample ...)"
        fi
    done
    print_table
    # Other work on the box (builds, tests) skews everything; this makes it visible.
    echo "other processes using CPU right after the wrk runs (1 s sample):"
    python3 "$BENCH_DIR/busy_procs.py" $$ "${PIDS[@]}" | sed 's/^/  /'
    echo

    # Streaming: route everything to the streaming upstream only.
    admin PATCH "/endpoints/$fake_id" '{"enabled":false}' >/dev/null
    stream_id=$(create_endpoint bench-stream "http://127.0.0.1:$PORT_STREAM/v1")
    log "streaming endpoint id $stream_id; warming the streaming path"
    # the streaming path's own code (SSE relay, usage injection) is cold after the non-streamed
    # runs: STREAM_WARM requests from 8 clients at once let the JIT compile it, as in a server
    # that has been up for a while
    local w warmers=()
    for w in $(seq 8); do
        python3 "$BENCH_DIR/stream_client.py" "$PORT_LB" $(((STREAM_WARM + 7) / 8)) warm >/dev/null &
        warmers+=($!)
    done
    wait "${warmers[@]}"
    python3 "$BENCH_DIR/stream_client.py" "$PORT_STREAM" 2 warm >/dev/null
    log "streaming: $STREAM_N requests direct, then $STREAM_N through the balancer"
    python3 "$BENCH_DIR/stream_client.py" "$PORT_STREAM" "$STREAM_N" direct >"$OUT/stream-direct.json"
    python3 "$BENCH_DIR/stream_client.py" "$PORT_LB" "$STREAM_N" balancer >"$OUT/stream-balancer.json"
    stream_report "$OUT/stream-direct.json" "$OUT/stream-balancer.json"
    echo
    echo "raw wrk output and logs: $OUT"
}

main "$@"
