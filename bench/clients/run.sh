#!/usr/bin/env bash
# Side-by-side comparison of upstream HTTP/1.1 clients for the balancer's non-blocking proxy:
# java.net.http (JDK), Jetty 12.1 HttpClient, Apache HttpClient 5 async (as it comes: "hc5", and
# tuned: "hc5t" = 8 KiB buffers + a cancel that closes the connection itself). Same streaming API,
# same load, one JVM per (candidate, scenario). Prints markdown tables (bench/README.md).
#
#   bench/clients/run.sh                 # 2 rounds, ~20 minutes
#   ROUNDS=1 SCENARIOS="load cancel" bench/clients/run.sh
#
# Ports (127.0.0.1 only):
#   18300  nginx: static fake upstream (bench/nginx-upstream.conf.template)
#   18301  nginx + echo module: streaming fake upstream (bench/streams/nginx-stream-upstream.conf.template)
# Output under bench/out/clients/ (git-ignored). Every process started here is stopped on exit.
#
# Tunables (env): ROUNDS (2), SCENARIOS ("load streams latency backpressure cancel"),
# LOAD_CONCS ("16 64"), STREAM_CONCS ("1000 4000"), LOAD_DURATION (10), STREAM_DURATION (15),
# THREADS (client threads, 2), JAVA_OPTS ("-Xmx1g -XX:+UseSerialGC").
set -euo pipefail

PORT_STATIC=18300
PORT_STREAM=18301

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$HERE/../streams/lib.sh"
OUT=$BENCH_DIR/out/clients

ROUNDS=${ROUNDS:-2}
SCENARIOS=${SCENARIOS:-"load streams latency backpressure cancel"}
LOAD_CONCS=${LOAD_CONCS:-"16 64"}
STREAM_CONCS=${STREAM_CONCS:-"1000 4000"}
LOAD_DURATION=${LOAD_DURATION:-10}
STREAM_DURATION=${STREAM_DURATION:-15}
THREADS=${THREADS:-2}
JAVA_OPTS=${JAVA_OPTS:-"-Xmx1g -XX:+UseSerialGC"}
JAR=$HERE/target/client-bench.jar

lib_install_traps
ensure_stream_tools
command -v mvn >/dev/null || die "mvn is required"
raise_nofile 65536
rm -rf "$OUT" && mkdir -p "$OUT"
ensure_ports_free "$PORT_STATIC" "$PORT_STREAM"

if [[ ! -f $JAR || -n $(find "$HERE/src" "$HERE/pom.xml" -newer "$JAR" -print -quit) ]]; then
    log "building $JAR"
    mvn -q -f "$HERE/pom.xml" -DskipTests package >"$OUT/build.log" 2>&1 || { cat "$OUT/build.log" >&2; die "build failed"; }
fi

start_nginx static "$BENCH_DIR/nginx-upstream.conf.template" "$PORT_STATIC"
start_stream_upstream "$PORT_STREAM"
STREAM_WORKER=$(pgrep -P "$LAST_PID" | head -n 1)
[[ -n $STREAM_WORKER ]] || die "no worker process of the streaming nginx"
check_stream "$PORT_STREAM" /fast/v1/chat/completions
[[ $(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$PORT_STATIC/v1/chat/completions" -d '{}') == 200 ]] ||
    die "static upstream does not answer POST /v1/chat/completions"

RESULTS=$OUT/results.jsonl
: >"$RESULTS"

# CPU ticks (user+system) of a process so far.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# run ROUND CANDIDATE SCENARIO [key=value...]: one JVM, its RESULT line appended to RESULTS,
# with the streaming upstream's CPU use during the run (is the upstream the limit?).
run() {
    local round=$1 cand=$2 scen=$3
    shift 3
    local tag="r$round-$cand-$scen${1:+-${1#*=}}" line t0 c0 up
    t0=$(date +%s.%N)
    c0=$(cpu_ticks "$STREAM_WORKER")
    log "round $round: $cand $scen $*"
    # shellcheck disable=SC2086
    java $JAVA_OPTS -jar "$JAR" "$cand" "$scen" threads="$THREADS" \
        static="http://127.0.0.1:$PORT_STATIC/v1/chat/completions" \
        stream="http://127.0.0.1:$PORT_STREAM/v1/chat/completions" \
        fast="http://127.0.0.1:$PORT_STREAM/fast/v1/chat/completions" \
        big="http://127.0.0.1:$PORT_STREAM/big/v1/chat/completions" \
        "$@" >"$OUT/$tag.out" 2>"$OUT/$tag.err" || log "  $tag exited non-zero (see $OUT/$tag.err)"
    line=$(sed -n 's/^RESULT //p' "$OUT/$tag.out" | tail -n 1)
    [[ -n $line ]] || line="{\"candidate\":\"$cand\",\"scenario\":\"$scen\",\"fatal\":\"no result (see $tag.err)\"}"
    up=$(awk -v c0="$c0" -v c1="$(cpu_ticks "$STREAM_WORKER")" -v t0="$t0" -v t1="$(date +%s.%N)" -v hz="$(getconf CLK_TCK)" \
        'BEGIN { printf "%.2f", (c1 - c0) / hz / (t1 - t0) }')
    python3 -c 'import json,sys; d=json.loads(sys.argv[2]); d["round"]=int(sys.argv[1]); d["upstream_cpu"]=float(sys.argv[3]); print(json.dumps(d))' \
        "$round" "$line" "$up" >>"$RESULTS"
    grep -q '"fatal"' <<<"$line" && log "  FAILED: $(tail -n 3 "$OUT/$tag.err" | tr '\n' ' ')"
    return 0
}

{
    echo "=== upstream client comparison ==="
    machine_header
    echo "setup:   client JVM: $JAVA_OPTS, $THREADS client threads; upstreams: nginx (static: 2 workers, streaming: 1 worker + echo)"
} | tee "$OUT/header.txt"

for ((round = 1; round <= ROUNDS; round++)); do
    if ((round % 2)); then order="${CANDIDATES:-jdk jetty hc5 hc5t ours}"; else order=$(tr ' ' '\n' <<<"${CANDIDATES:-jdk jetty hc5 hc5t ours}" | tac | tr '\n' ' '); fi   # alternate, against drift
    for scen in $SCENARIOS; do
        for cand in $order; do
            case $scen in
                load)    for c in $LOAD_CONCS; do run "$round" "$cand" load conc="$c" warmup=5 duration="$LOAD_DURATION"; done ;;
                streams) for c in $STREAM_CONCS; do run "$round" "$cand" streams conc="$c" warmup=5 duration="$STREAM_DURATION"; done ;;
                latency) run "$round" "$cand" latency n=50 warm=20 ;;
                backpressure) run "$round" "$cand" backpressure stall=5 others=99 ;;
                cancel)  run "$round" "$cand" cancel n=10 ;;
                *) die "unknown scenario $scen" ;;
            esac
        done
        [[ $scen == latency ]] && run "$round" raw latency n=50 warm=20
    done
done

echo
python3 "$HERE/report.py" "$RESULTS" | tee "$OUT/report.md"
echo "load after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "raw results: $RESULTS"
