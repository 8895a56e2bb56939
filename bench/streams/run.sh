#!/usr/bin/env bash
# Concurrent-streams benchmark of the balancer: many open SSE streams (2 s each, 20 chunks
# 100 ms apart) through the balancer, against the same streams straight from the upstream
# ("direct") and through a plain nginx reverse proxy ("nginx"). Not a test: it prints numbers.
#
#   bench/streams/run.sh                                  # C = 1000 2000 4000 (+ a C=250 balancer run)
#   CONCURRENCIES="250 1000" bench/streams/run.sh         # small, to validate the harness
#   JVM_FLAGS=container NMT=1 bench/streams/run.sh        # the shipped container's JVM flags, NMT
#
# Ports (127.0.0.1 only):
#   18350  nginx + echo module: streaming fake upstream (nginx-stream-upstream.conf.template)
#   18351  nginx: reverse proxy -> 18350 (nginx-stream-proxy.conf.template)
#   18352  the balancer (lb-war on Payara Micro) -> 18350
# Output under bench/out/streams/ (git-ignored). Every process started here is stopped on exit.
#
# Tunables (env):
#   CONCURRENCIES  "1000 2000 4000"   open streams per run (wrk -c)
#   DURATION       15                 seconds per wrk run
#   WARMUP         10                 seconds of balancer warm-up at C=100 before measuring
#   JVM_FLAGS      -Xmx512m           balancer JVM flags; "container" = docker/Dockerfile.lb's JAVA_OPTS
#                                     plus -XX:MaxRAM=512m, so heap sizing sees the 512 MB container limit
#   LB_ARGS        "--minHttpThreads 16 --maxHttpThreads 16"   Payara Micro arguments (./run.sh's and the image's)
#   NMT            0                  1 = -XX:NativeMemoryTracking=summary and print
#                                     `jcmd PID VM.native_memory summary` at idle and at the largest C
set -euo pipefail

PORT_UPSTREAM=18350
PORT_NGINX=18351
PORT_LB=18352

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$HERE/lib.sh"
OUT=$BENCH_DIR/out/streams

read -r -a CONCS <<<"${CONCURRENCIES:-1000 2000 4000}"
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-10}
NMT=${NMT:-0}
LB_ARGS=${LB_ARGS:---minHttpThreads 16 --maxHttpThreads 16}   # as ./run.sh and the image start it
ADMIN_TOKEN=bench-admin
THREADS=2
LB_PID=

# --- balancer JVM flags -------------------------------------------------------------------------
container_flags() {   # JAVA_OPTS of the shipped image, as the JVM sees them in a 512 MB container
    local opts
    opts=$(sed -n 's/.*JAVA_OPTS="\([^"]*\)".*/\1/p' "$REPO/docker/Dockerfile.lb" | head -n 1)
    [[ -n $opts ]] || die "no JAVA_OPTS in docker/Dockerfile.lb"
    # MaxRAM stands in for the cgroup limit: heap sizing (MaxRAMPercentage, initial heap) follows it
    printf '%s -XX:MaxRAM=512m' "$opts"
}
case ${JVM_FLAGS:-} in
    "") LB_JVM="-Xmx512m" ;;
    container) LB_JVM=$(container_flags) ;;
    *) LB_JVM=$JVM_FLAGS ;;
esac
if ((NMT)); then LB_JVM="$LB_JVM -XX:NativeMemoryTracking=summary"; fi
JFR=${JFR:-0}   # 1 = a 10 s JFR profile (settings=profile) of the balancer in the largest-C run

# --- the balancer (as bench/run.sh starts it) ---------------------------------------------------
start_balancer() {
    rm -rf "$OUT/payara" && mkdir -p "$OUT/payara"            # Payara's unpacked runtime; start clean
    rm -f "$OUT"/lb.db "$OUT"/lb.db-wal "$OUT"/lb.db-shm      # fresh state every run
    # Deploy a snapshot: a concurrent `mvn package` may rewrite target/lb.war while Payara reads it.
    cp "$REPO/lb-war/target/lb.war" "$OUT/lb.war"
    log "starting the balancer on :$PORT_LB with: $LB_JVM ${LB_ARGS}"
    local t0=$SECONDS
    # shellcheck disable=SC2086
    LB_ADMIN_TOKEN=$ADMIN_TOKEN LB_DB_PATH=$OUT/lb.db \
        java $LB_JVM -jar "$REPO/lb-war/target/runtime/payara-micro.jar" \
        --deploy "$OUT/lb.war:/" --port "$PORT_LB" \
        --nocluster --disablephonehome --rootdir "$OUT/payara" \
        --prebootcommandfile "$REPO/config/lb-preboot.txt" --postbootcommandfile "$REPO/config/lb-postboot.txt" $LB_ARGS \
        >"$OUT/balancer.log" 2>&1 &
    LB_PID=$!
    PIDS+=("$LB_PID")
    if ! (wait_http_200 "http://127.0.0.1:$PORT_LB/health/ready" 180 "$LB_PID"); then
        tail -n 40 "$OUT/balancer.log" >&2
        die "balancer did not become ready"
    fi
    log "balancer ready after $((SECONDS - t0)) s (pid $LB_PID)"
}

check_stream_retry() {   # PORT PATH TIMEOUT
    local start=$SECONDS
    until (check_stream "$1" "$2") 2>/dev/null; do
        ((SECONDS - start < $3)) || { check_stream "$1" "$2"; die "no stream through :$1"; }
        sleep 1
    done
}

# --- sampling -----------------------------------------------------------------------------------
proc_field() { awk -v k="$2:" '$1 == k {print $2; exit}' "/proc/$1/status" 2>/dev/null; }   # PID FIELD
nmt_summary() {   # LABEL: full output to a file, the totals per category on stdout
    local f=$OUT/nmt-$1.txt
    jcmd "$LB_PID" VM.native_memory summary scale=MB >"$f" 2>&1 || true
    echo "native memory (jcmd VM.native_memory summary, MB) at $1:"
    grep -E '^Total:|^-  *[A-Z]' "$f" | sed -E 's/ *\(reserved=[0-9]+MB, committed=([0-9]+)MB\)/: committed \1 MB/; s/^-  */  /' \
        | sed 's/^/  /'
    echo "  (full output: $f)"
}

# --- wrk ----------------------------------------------------------------------------------------
declare -A RPS P50 P99 ERRS THR RSS CPU
NGINX_PID=

# CPU ticks (user + system) of a process and its direct children (nginx's master and workers).
tree_ticks() {
    local pid=$1 total=0 p
    for p in "$pid" $(pgrep -P "$pid" || true); do
        total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
    done
    echo "$total"
}

# measure TARGET PORT C [SECONDS]: one wrk run; for the balancer, samples threads and RSS at its
# middle; for nginx and the balancer, the CPU the proxy used (cores, averaged over the run).
measure() {
    local target=$1 port=$2 c=$3 secs=${4:-$DURATION} key="$1:$3" file=$OUT/wrk-$1-c$3.txt
    local proxy_pid="" c0=0 t0
    case $target in nginx) proxy_pid=$NGINX_PID ;; balancer|warmup) proxy_pid=$LB_PID ;; esac
    if [[ -n $proxy_pid ]]; then c0=$(tree_ticks "$proxy_pid"); fi
    t0=$(date +%s.%N)
    log "$target C=$c (${secs}s)"
    wrk -t"$THREADS" -c"$c" -d"${secs}s" --timeout 10s --latency -s "$HERE/stream.lua" \
        "http://127.0.0.1:$port/v1/chat/completions" >"$file" 2>&1 &
    local wrk_pid=$!
    PIDS+=("$wrk_pid")
    if [[ $target == balancer ]]; then
        if ((JFR)) && [[ $c == "$MAX_C" ]]; then
            jcmd "$LB_PID" JFR.start name=bench settings=profile duration=10s filename="$OUT/lb-C$c.jfr" >/dev/null
        fi
        sleep "$((secs / 2))"
        THR[$key]=$(proc_field "$LB_PID" Threads)
        RSS[$key]=$(( $(proc_field "$LB_PID" VmRSS) / 1024 ))
        if ((NMT)) && [[ $c == "$MAX_C" ]]; then nmt_summary "C$c" >"$OUT/nmt-C$c.summary"; fi
    fi
    wait "$wrk_pid" || true
    if [[ -n $proxy_pid ]]; then
        CPU[$key]=$(awk -v c0="$c0" -v c1="$(tree_ticks "$proxy_pid")" -v t0="$t0" -v t1="$(date +%s.%N)" \
            -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", (c1 - c0) / hz / (t1 - t0) }')
    fi
    RPS[$key]=$(awk '/^Requests\/sec:/ {printf "%.1f", $2}' "$file")
    [[ -n ${RPS[$key]} ]] || { cat "$file" >&2; die "could not parse wrk output $file"; }
    P50[$key]=$(wrk_latency_ms "$file" 50 0)
    P99[$key]=$(wrk_latency_ms "$file" 99 0)
    local non2xx sock
    non2xx=$(awk -F': *' '/Non-2xx or 3xx responses/ {print $2}' "$file")
    sock=$(sed -n 's/^ *Socket errors: *//p' "$file" | awk -F', *' '{s=0; for (i=1;i<=NF;i++) {split($i,a," "); s+=a[2]}; print s}')
    ERRS[$key]=$(( ${non2xx:-0} + ${sock:-0} ))
    sleep 3   # let the last streams finish upstream before the next run
}

# --- main ---------------------------------------------------------------------------------------
main() {
    lib_install_traps
    ensure_stream_tools
    raise_nofile 65536
    ensure_build
    mkdir -p "$OUT"
    rm -f "$OUT"/wrk-*.txt "$OUT"/nmt-*
    ensure_ports_free "$PORT_UPSTREAM" "$PORT_NGINX" "$PORT_LB"

    MAX_C=0
    local c
    local need250=1
    for c in "${CONCS[@]}"; do
        if ((c > MAX_C)); then MAX_C=$c; fi
        if ((c == 250)); then need250=0; fi
    done

    {
        echo "=== concurrent streams: balancer vs nginx vs direct ==="
        machine_header
        echo "setup:   wrk -t$THREADS --timeout 10s, ${DURATION}s per run, ${WARMUP}s balancer warm-up at C=100;"
        echo "         upstream: nginx+echo 1 worker; nginx proxy: 1 worker; balancer JVM: $LB_JVM ${LB_ARGS}"
        echo "         wrk, nginx and the JVM share all CPUs"
        echo
    } | tee "$OUT/header.txt"

    start_stream_upstream "$PORT_UPSTREAM"
    start_nginx proxy "$HERE/nginx-stream-proxy.conf.template" "$PORT_NGINX" "$PORT_UPSTREAM"
    NGINX_PID=$LAST_PID
    start_balancer
    admin POST /endpoints \
        "{\"name\":\"stream\",\"base_url\":\"http://127.0.0.1:$PORT_UPSTREAM/v1\",\"connected\":true}" >"$OUT/endpoint.json"

    # One request through each target first: a misconfiguration must fail here, not benchmark errors.
    check_stream "$PORT_UPSTREAM" /v1/chat/completions
    check_stream "$PORT_NGINX" /v1/chat/completions
    check_stream_retry "$PORT_LB" /v1/chat/completions 30
    log "one stream through each target: ok"

    log "warming up the balancer: ${WARMUP}s at C=100"
    measure warmup "$PORT_LB" 100 "$WARMUP"
    sleep 2
    local idle_thr idle_rss
    idle_thr=$(proc_field "$LB_PID" Threads)
    idle_rss=$(( $(proc_field "$LB_PID" VmRSS) / 1024 ))
    if ((NMT)); then nmt_summary idle >"$OUT/nmt-idle.summary"; fi

    if ((need250)); then measure balancer "$PORT_LB" 250; fi
    for c in "${CONCS[@]}"; do
        measure direct "$PORT_UPSTREAM" "$c"
        measure nginx "$PORT_NGINX" "$c"
        measure balancer "$PORT_LB" "$c"
    done

    echo "results (streams of 2 s: ideal req/s = C/2; latency = whole stream; errors = non-2xx + socket errors)"
    printf '%-9s %5s %9s %8s %8s %7s %8s %7s %9s\n' target C 'req/s' 'p50 ms' 'p99 ms' errors threads 'RSS MB' 'CPU cores'
    printf '%-9s %5s %9s %8s %8s %7s %8s %7s %9s\n' balancer idle - - - - "$idle_thr" "$idle_rss" -
    local t all_c=()
    if ((need250)); then all_c+=(250); fi
    all_c+=("${CONCS[@]}")
    for c in "${all_c[@]}"; do
        for t in direct nginx balancer; do
            [[ -n ${RPS[$t:$c]:-} ]] || continue
            printf '%-9s %5s %9s %8s %8s %7s %8s %7s %9s\n' "$t" "$c" "${RPS[$t:$c]}" "${P50[$t:$c]}" \
                "${P99[$t:$c]}" "${ERRS[$t:$c]}" "${THR[$t:$c]:--}" "${RSS[$t:$c]:--}" "${CPU[$t:$c]:--}"
        done
    done
    echo
    for c in "${CONCS[@]}"; do
        awk -v c="$c" -v br="${RPS[balancer:$c]}" -v nr="${RPS[nginx:$c]}" -v bp="${P99[balancer:$c]}" -v np="${P99[nginx:$c]}" \
            'BEGIN { printf "C=%-5s balancer/nginx: req/s %.2f, p99 %.2f\n", c, br / nr, bp / np }'
    done
    awk -v c="$MAX_C" -v r="${RSS[balancer:$MAX_C]}" -v i="$idle_rss" -v t="${THR[balancer:$MAX_C]}" -v t250="${THR[balancer:250]}" \
        'BEGIN { printf "RSS growth per open stream (C=%s): (%s - %s idle) MB / %s = %.1f KB\n", c, r, i, c, (r - i) * 1024 / c
                 printf "threads(C=%s) - threads(C=250) = %s - %s = %d\n", c, t, t250, t - t250 }'
    if ((NMT)); then
        echo
        cat "$OUT/nmt-idle.summary"
        if [[ -f $OUT/nmt-C$MAX_C.summary ]]; then cat "$OUT/nmt-C$MAX_C.summary"; fi
    fi
    echo
    echo "load after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "raw wrk output and logs: $OUT"
}

mkdir -p "$OUT"
main "$@" 2>&1 | tee "$OUT/run.log"
exit "${PIPESTATUS[0]}"
