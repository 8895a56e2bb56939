#!/usr/bin/env bash
# A/B benchmark of the balancer's light answers (/v1/models, /health, a static admin file,
# /metrics) next to a proxied non-streaming chat completion, for two builds of lb.war. Not a test:
# it prints numbers.
#
#   bench/light-ab.sh before.war after.war      # ~6 minutes
#
# Both WARs run at the same time, each on its own Payara Micro in front of the same static nginx
# upstream; the idle one costs next to nothing. For each target the wrk runs alternate A, B, A, B
# (ROUNDS times), so load from other work on a shared machine hits both builds alike: compare A
# with B within one run, not with another run's numbers. "cpu us" is the balancer JVM's user+system
# time per request during the wrk run. Everything listens on 127.0.0.1 (PORT_FAKE, PORT_A, PORT_B)
# and lives under bench/out/light/ (git-ignored); all processes started are stopped on exit.
#
# Tunables (env): DURATION (s per wrk run, default 10), WARMUP (s per target and build, default 8),
# ROUNDS (default 2), TARGETS (default "models health static metrics chat"), PORT_FAKE (18401),
# PORT_A (18410), PORT_B (18411), ENDPOINTS (endpoints per balancer, all on the same upstream,
# default 1), MODE_A / MODE_B (routing mode of each, default percentage). The cost of a routing
# mode: the same WAR twice, e.g.
#   ENDPOINTS=2 MODE_B=least_load TARGETS=chat bench/light-ab.sh lb.war lb.war
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH_DIR")
OUT=$BENCH_DIR/out/light
PORT_FAKE=${PORT_FAKE:-18401}
PORTS=("${PORT_A:-18410}" "${PORT_B:-18411}")
LABELS=(A B)
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-8}
ROUNDS=${ROUNDS:-2}
read -r -a TARGETS <<<"${TARGETS:-models health static metrics chat}"
ADMIN_TOKEN=bench-admin
ENDPOINTS=${ENDPOINTS:-1}
MODES=("${MODE_A:-percentage}" "${MODE_B:-percentage}")
PIDS=()

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

cleanup() {
    local rc=$? pid
    trap - EXIT INT TERM
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for _ in $(seq 50); do
        local alive=0
        for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        ((alive)) || break
        sleep 0.2
    done
    for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Poll URL until it answers 200, or die after $2 seconds.
wait_http_200() {
    local start=$SECONDS
    until [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1" || true) == 200 ]]; do
        ((SECONDS - start < $2)) || die "$1 not ready after $2 s (see $OUT)"
        sleep 0.5
    done
}

# wrk prints latencies as 612.00us / 1.23ms / 1.02s; normalise to ms. $2: 50%, 99% or mean.
wrk_ms() {
    awk -v want="$2" '($1 == want) || (want == "mean" && $1 == "Latency") { v = $2
        if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v) }
        else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }
        printf "%.2f", v; exit }' "$1"
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

wrk_args() {   # target port
    case $1 in
        models) echo "http://127.0.0.1:$2/v1/models" ;;
        health) echo "http://127.0.0.1:$2/health" ;;
        static) echo "http://127.0.0.1:$2/admin/index.html" ;;
        metrics) echo "http://127.0.0.1:$2/metrics" ;;
        chat) echo "-s $BENCH_DIR/post.lua http://127.0.0.1:$2/v1/chat/completions" ;;
    esac
}

start_upstream() {
    local dir=$OUT/upstream
    mkdir -p "$dir"/{client_body,proxy,fastcgi,uwsgi,scgi}
    sed -e "s|@OUT@|$dir|g" -e "s|@PORT@|$PORT_FAKE|g" "$BENCH_DIR/nginx-upstream.conf.template" >"$dir/nginx.conf"
    nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" >"$dir/stdout.log" 2>&1 &
    PIDS+=($!)
    wait_http_200 "http://127.0.0.1:$PORT_FAKE/v1/models" 10
}

start_balancer() {   # index war
    local i=$1 dir=$OUT/${LABELS[$1]} port=${PORTS[$1]}
    mkdir -p "$dir/payara"
    cp "$2" "$dir/lb.war"
    LB_ADMIN_TOKEN=$ADMIN_TOKEN LB_DB_PATH=$dir/lb.db LB_ADMIN_RATE_LIMIT_RPM=0 \
        java -Xmx512m -jar "$REPO/lb-war/target/runtime/payara-micro.jar" --deploy "$dir/lb.war:/" \
        --port "$port" --nocluster --disablephonehome --rootdir "$dir/payara" \
        --postbootcommandfile "$REPO/config/lb-postboot.txt" >"$dir/balancer.log" 2>&1 &
    PIDS+=($!)
    JVMS[i]=$!
    wait_http_200 "http://127.0.0.1:$port/health/ready" 240
    wait_http_200 "http://127.0.0.1:$port/admin/index.html" 60
    local e name
    for e in $(seq "$ENDPOINTS"); do
        name=bench
        ((e == 1)) || name=bench$e
        curl -sf -X POST "http://127.0.0.1:$port/admin/api/endpoints" -H "X-Admin-Token: $ADMIN_TOKEN" \
            -H 'Content-Type: application/json' >/dev/null \
            -d "{\"name\":\"$name\",\"base_url\":\"http://127.0.0.1:$PORT_FAKE/v1\",\"connected\":true,\"token_quota_percent\":$((100 / ENDPOINTS))}"
    done
    curl -sf -X PATCH "http://127.0.0.1:$port/admin/api/routing" -H "X-Admin-Token: $ADMIN_TOKEN" \
        -H 'Content-Type: application/json' -d "{\"mode\":\"${MODES[i]}\"}" >/dev/null
    local start=$SECONDS
    until curl -s "http://127.0.0.1:$port/v1/models" | grep -q bench-model; do
        ((SECONDS - start < 20)) || die "${LABELS[i]}: the upstream's model never showed in /v1/models"
        sleep 0.25
    done
    # kept for a byte-for-byte comparison of the two builds' answers
    curl -s -D "$dir/models.head" -o "$dir/models.json" "http://127.0.0.1:$port/v1/models"
    curl -s -D "$dir/health.head" -o "$dir/health.json" "http://127.0.0.1:$port/health"
    log "${LABELS[i]} ($2, $ENDPOINTS endpoint(s), ${MODES[i]}) ready on :$port"
}

main() {
    (($# == 2)) || die "usage: $0 A.war B.war"
    command -v wrk >/dev/null && command -v nginx >/dev/null || die "needs wrk and nginx (apt-get install wrk nginx)"
    rm -rf "$OUT" && mkdir -p "$OUT"
    declare -ga JVMS=()
    start_upstream
    start_balancer 0 "$1"
    start_balancer 1 "$2"

    log "warm-up: ${WARMUP}s per target and build"
    local t i r f c0 c1 n errs
    for t in "${TARGETS[@]}"; do
        for i in 0 1; do
            # shellcheck disable=SC2046 # the arguments are meant to split
            wrk -t2 -c64 -d"${WARMUP}s" $(wrk_args "$t" "${PORTS[i]}") >/dev/null 2>&1 || true
        done
    done

    echo "A = $1 (${MODES[0]}, $ENDPOINTS endpoint(s))"
    echo "B = $2 (${MODES[1]}, $ENDPOINTS endpoint(s))"
    printf '%-5s %-8s %5s %9s %8s %8s %8s %7s\n' build target round 'req/s' 'mean ms' 'p50 ms' 'p99 ms' 'cpu us'
    for t in "${TARGETS[@]}"; do
        for r in $(seq "$ROUNDS"); do
            for i in 0 1; do
                f=$OUT/${LABELS[i]}-$t-$r.txt
                c0=$(cpu_ticks "${JVMS[i]}")
                # shellcheck disable=SC2046
                wrk -t2 -c64 -d"${DURATION}s" --latency $(wrk_args "$t" "${PORTS[i]}") >"$f" 2>&1 || true
                c1=$(cpu_ticks "${JVMS[i]}")
                n=$(awk '/requests in/ {print $1}' "$f")
                errs=$(awk -F': *' '/Non-2xx/ {print $2}' "$f")
                printf '%-5s %-8s %5s %9s %8s %8s %8s %7s %s\n' "${LABELS[i]}" "$t" "$r" \
                    "$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$f")" "$(wrk_ms "$f" mean)" \
                    "$(wrk_ms "$f" 50%)" "$(wrk_ms "$f" 99%)" \
                    "$(awk -v a="$c0" -v b="$c1" -v n="$n" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.0f", (b - a) * 1e6 / hz / n}')" \
                    "${errs:+non2xx=$errs}"
            done
        done
    done
    echo
    cmp -s "$OUT/A/models.json" "$OUT/B/models.json" && echo "/v1/models bodies: identical" \
        || echo "/v1/models bodies: DIFFER (see $OUT/A, $OUT/B)"
    echo "raw wrk output and logs: $OUT"
}

main "$@"
