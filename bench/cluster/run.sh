#!/usr/bin/env bash
# Proxy cost of clustering: non-streamed req/s and p50 of one balancer standalone vs the same
# balancer as one of two replicas sharing live state over the data grid (LB_CLUSTER_MEMBERS),
# in one run, in front of the same static nginx upstream. Not a test: it prints numbers. Both
# phases run two balancer JVMs (the second idle), so they differ in the data grid only; a third
# phase has the grid on but shares nothing (the runtime's cost apart from the application's).
#
#   bench/cluster/run.sh      # ~5 minutes
#
# Ports (127.0.0.1): 18601 nginx upstream, 18610/18611 balancers, 18620/18621 data grid.
# Each replica has its own SQLite file (the grid's cost on the request path does not depend on
# the store); both get the same endpoint, so they share its live state. Tunables (env):
# DURATION (s per wrk run, 10), WARMUP (s, 20), ROUNDS (rounds of the three phases, 2).
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/streams/lib.sh"
OUT=$BENCH_DIR/out/cluster
mkdir -p "$OUT"

PORT_FAKE=18601
PORT_LB=18610
PORT_LB2=18611
GRID=(18620 18621)
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-20}
ROUNDS=${ROUNDS:-2}
ADMIN_TOKEN=bench-admin
CONCURRENCIES=(16 64)

lib_install_traps
ensure_build
command -v nginx >/dev/null && command -v wrk >/dev/null || die "needs nginx and wrk (apt-get install nginx wrk)"

cp "$REPO/lb-war/target/lb.war" "$OUT/lb.war"

start_replica() {   # PORT NAME [GRID_PORT [share]]: standalone without a grid port; the grid alone without "share"
    local port=$1 name=$2 grid=${3:-} share=${4:-share} dir=$OUT/$2 options=(--nocluster) preboot=$REPO/config/lb-preboot.txt
    [[ -n $grid && $share == share ]] || share=
    rm -rf "$dir" && mkdir -p "$dir"
    if [[ -n $grid ]]; then
        options=(--clustermode "tcpip:127.0.0.1:${GRID[0]},127.0.0.1:${GRID[1]}" --startport "$grid" --interfaces 127.0.0.1)
        preboot=$REPO/config/lb-cluster-preboot.txt
    fi
    env LB_ADMIN_TOKEN=$ADMIN_TOKEN LB_DB_PATH=$dir/lb.db LB_REPLICA_NAME=$name \
        ${share:+LB_CLUSTER_MEMBERS=127.0.0.1:${GRID[0]},127.0.0.1:${GRID[1]}} \
        java -Xmx512m -jar "$REPO/lb-war/target/runtime/payara-micro.jar" --deploy "$OUT/lb.war:/" --port "$port" \
        "${options[@]}" --disablephonehome --rootdir "$dir/payara" --minHttpThreads 16 --maxHttpThreads 16 \
        --prebootcommandfile "$preboot" --postbootcommandfile "$REPO/config/lb-postboot.txt" \
        >"$dir/balancer.log" 2>&1 &
    PIDS+=($!)
    LAST_PID=$!
    wait_http_200 "http://127.0.0.1:$port/v1/models" 180 "$LAST_PID" || { tail -n 30 "$dir/balancer.log" >&2; die "$name did not start"; }
    PORT_LB=$port admin POST /endpoints \
        "{\"name\":\"bench\",\"base_url\":\"http://127.0.0.1:$PORT_FAKE/v1\",\"connected\":true}" >/dev/null
}

stop_pid() { kill -TERM "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

declare -A RPS P50
measure() {   # LABEL
    wrk -t2 -c64 -d"$WARMUP"s -s "$BENCH_DIR/post.lua" "http://127.0.0.1:$PORT_LB/v1/chat/completions" >/dev/null 2>&1 || true
    local c f
    for c in "${CONCURRENCIES[@]}"; do
        f=$OUT/wrk-$1-c$c.txt
        wrk -t2 -c"$c" -d"$DURATION"s --latency -s "$BENCH_DIR/post.lua" \
            "http://127.0.0.1:$PORT_LB/v1/chat/completions" >"$f" 2>&1 || true
        grep -q "Non-2xx" "$f" && die "errors in $f"
        RPS[$1:$c]=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$f")
        P50[$1:$c]=$(wrk_latency_ms "$f" 50 3)
        log "$1 c$c: ${RPS[$1:$c]} req/s, p50 ${P50[$1:$c]} ms"
    done
}

echo "=== proxy cost of clustering ==="
machine_header
start_nginx fake "$BENCH_DIR/nginx-upstream.conf.template" "$PORT_FAKE"
for ((r = 1; r <= ROUNDS; r++)); do
    log "round $r: standalone (two unconnected balancers)"
    start_replica $PORT_LB standalone
    solo=$LAST_PID
    start_replica $PORT_LB2 standalone-idle
    idle=$LAST_PID
    measure "standalone-$r"
    stop_pid "$idle"
    stop_pid "$solo"
    log "round $r: the data grid on, nothing shared (LB_CLUSTER_MEMBERS unset)"
    start_replica $PORT_LB grid-a "${GRID[0]}" none
    a=$LAST_PID
    start_replica $PORT_LB2 grid-b "${GRID[1]}" none
    b=$LAST_PID
    measure "grid-$r"
    stop_pid "$b"
    stop_pid "$a"
    log "round $r: clustered (two replicas)"
    start_replica $PORT_LB replica-a "${GRID[0]}"
    a=$LAST_PID
    start_replica $PORT_LB2 replica-b "${GRID[1]}"
    b=$LAST_PID
    members=$(curl -s -H "X-Admin-Token: $ADMIN_TOKEN" "http://127.0.0.1:$PORT_LB/admin/api/state" |
        python3 -c 'import json,sys; print(len(json.load(sys.stdin).get("cluster",{}).get("members",[])))')
    [[ $members == 2 ]] || die "replica-a sees $members members, not 2"
    measure "clustered-$r"
    stop_pid "$b"
    stop_pid "$a"
done

echo
printf '%-6s %5s %11s %11s %11s %11s %11s %10s %10s %10s\n' round conc 'solo req/s' 'grid req/s' 'clust req/s' \
    'grid/solo' 'clust/solo' 'solo p50' 'grid p50' 'clust p50'
for ((r = 1; r <= ROUNDS; r++)); do
    for c in "${CONCURRENCIES[@]}"; do
        printf '%-6s %5s %11s %11s %11s %11s %11s %10s %10s %10s\n' "$r" "$c" \
            "${RPS[standalone-$r:$c]}" "${RPS[grid-$r:$c]}" "${RPS[clustered-$r:$c]}" \
            "$(awk -v a="${RPS[grid-$r:$c]}" -v b="${RPS[standalone-$r:$c]}" 'BEGIN {printf "%.2f", a / b}')" \
            "$(awk -v a="${RPS[clustered-$r:$c]}" -v b="${RPS[standalone-$r:$c]}" 'BEGIN {printf "%.2f", a / b}')" \
            "${P50[standalone-$r:$c]}" "${P50[grid-$r:$c]}" "${P50[clustered-$r:$c]}"
    done
done
echo "(p50 in ms; grid: Payara's data grid on, LB_CLUSTER_MEMBERS unset; clustered: live state shared)"
