#!/usr/bin/env bash
# The load engine's own ceiling: how many concurrent streams and how many requests/s one Load
# Producer instance sends on schedule (schedule lag p99 under 10 ms, at least 98 % of the
# requested rate sent) against the built-in simulator. Not a test: it prints numbers.
#
#   bench/engine/run.sh                          # both series, about 7 minutes
#   STREAM_RATES="200 400" RATES="500" STEP_SECONDS=8 bench/engine/run.sh   # quick look
#   SIM=same bench/engine/run.sh                 # the simulator inside the engine's own instance
#
# Ports (127.0.0.1 only):
#   18500  the Load Producer instance: producer.war at /, ws-proxy.war (the engine) at /ws-proxy
#   18501  the simulator: producer.war on a Payara Micro of its own (SIM=separate, the default)
# Output under bench/out/engine/ (git-ignored). Every process started here is stopped on exit.
#
# Series (each step an open-loop constant_rate run of STEP_SECONDS):
#   streams  long streams (1 s to the first token, then 16 tokens 250 ms apart: 5 s each), so
#            open streams = rate × 5 s; STREAM_RATES "200 400 600 800 1000 1400 1800" -> 1,000 … 9,000
#   rate     short streams (20 ms to the first token, 3 tokens 20 ms apart: 60 ms each);
#            RATES "500 1000 1500 2000 2500 3000 4000" requests/s
# Tunables (env): STEP_SECONDS 15, WARMUP_SECONDS 15, ENGINE_JVM "-Xms1g -Xmx1g", SIM_JVM "-Xmx1g",
#   SIM separate|same.
set -euo pipefail

PORT_ENGINE=18500
PORT_SIM=18501

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$HERE/../streams/lib.sh"
OUT=$BENCH_DIR/out/engine

STREAM_RATES=${STREAM_RATES-200 400 600 800 1000 1400 1800}   # set but empty: skip the series
RATES=${RATES-500 1000 1500 2000 2500 3000 4000}
STEP_SECONDS=${STEP_SECONDS:-15}
WARMUP_SECONDS=${WARMUP_SECONDS:-15}
ENGINE_JVM=${ENGINE_JVM:--Xms1g -Xmx1g}   # a fixed heap: fewer young collections, whose pauses are schedule lag
SIM_JVM=${SIM_JVM:--Xmx1g}
SIM=${SIM:-separate}
MICRO=$REPO/ws-proxy-war/target/runtime/payara-micro.jar

ensure_engine_build() {
    if [[ -f $REPO/ws-proxy-war/target/ws-proxy.war && -f $REPO/producer-war/target/producer.war && -f $MICRO ]]; then
        return
    fi
    log "ws-proxy.war, producer.war or payara-micro.jar missing: building (mvn -q -DskipTests package)"
    (cd "$REPO" && mvn -q -DskipTests package)
}

# start_micro NAME PORT JVM_FLAGS DEPLOY... ; sets LAST_PID
start_micro() {
    local name=$1 port=$2 jvm=$3
    shift 3
    local deploys=()
    for d in "$@"; do deploys+=(--deploy "$d"); done
    rm -rf "${OUT:?}/$name" && mkdir -p "$OUT/$name"
    log "starting $name on :$port"
    # shellcheck disable=SC2086
    java $jvm -jar "$MICRO" "${deploys[@]}" --port "$port" --nocluster --disablephonehome \
        --rootdir "$OUT/$name/root" --prebootcommandfile "$REPO/config/producer-preboot.txt" \
        --postbootcommandfile "$HERE/sim-postboot.txt" >"$OUT/$name.log" 2>&1 &
    LAST_PID=$!
    PIDS+=("$LAST_PID")
}

# What else keeps the CPUs busy (the machine is shared): the top processes over 2 s, before we start.
busy_elsewhere() {
    top -b -n 2 -d 2 -w 200 | awk '/^top -/ {n++} n == 2 && $1 ~ /^[0-9]+$/ && $9 + 0 >= 10 {printf "%s%% %s(%s); ", $9, $12, $1}'
}

mkdir -p "$OUT"
BUSY=$(busy_elsewhere || true)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
lib_install_traps
raise_nofile
command -v curl >/dev/null && command -v python3 >/dev/null || die "curl and python3 are required"
ensure_ports_free $PORT_ENGINE $PORT_SIM
ensure_engine_build
# snapshots: a concurrent build may rewrite target/ while Payara reads it
cp "$REPO/producer-war/target/producer.war" "$REPO/ws-proxy-war/target/ws-proxy.war" "$OUT/"
cp "$MICRO" "$OUT/runtime.jar"
MICRO=$OUT/runtime.jar

SIM_PID=
if [[ $SIM == separate ]]; then
    start_micro simulator $PORT_SIM "$SIM_JVM" "$OUT/producer.war:/"
    SIM_PID=$LAST_PID
    SIM_BASE=http://127.0.0.1:$PORT_SIM
else
    SIM_BASE=http://127.0.0.1:$PORT_ENGINE
fi
start_micro engine $PORT_ENGINE "$ENGINE_JVM" "$OUT/producer.war:/" "$OUT/ws-proxy.war:/ws-proxy"
ENGINE_PID=$LAST_PID
wait_http_200 "http://127.0.0.1:$PORT_ENGINE/ws-proxy/api/runs" 180 "$ENGINE_PID"
wait_http_200 "$SIM_BASE/sim/fast/v1/models" 180 "${SIM_PID:-$ENGINE_PID}"

{
    machine_header | grep -v '^nginx'
    echo "engine:  one Payara Micro ($ENGINE_JVM) on :$PORT_ENGINE, $(git -C "$REPO" rev-parse --short HEAD)$(git -C "$REPO" diff --quiet || echo '+changes')"
    echo "target:  simulator ${SIM} ($SIM_BASE, $SIM_JVM); step ${STEP_SECONDS} s, warm-up ${WARMUP_SECONDS} s"
    echo "busy:    before starting, over 2 s: ${BUSY:-nothing over 10 % CPU}; load $LOAD_BEFORE"
} | tee "$OUT/header.txt"

python3 "$HERE/drive.py" --engine "http://127.0.0.1:$PORT_ENGINE" --sim "$SIM_BASE" \
    --engine-pid "$ENGINE_PID" --sim-pid "${SIM_PID:-0}" --step-seconds "$STEP_SECONDS" \
    --warmup-seconds "$WARMUP_SECONDS" --stream-rates "$STREAM_RATES" --rates "$RATES" | tee "$OUT/results.txt"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/results.txt"
