#!/usr/bin/env bash
# Starts the whole system on Payara Micro, building the WARs first when they are missing:
#   the balancer (lb-war) on LB_PORT (8090), SQLite under ./data;
#   the Load Producer (producer-war at /, ws-proxy-war at /ws-proxy, simulator at /sim) on
#   PRODUCER_PORT (8088).
# Ctrl-C or SIGTERM stops both; the balancer drains and flushes its statistics first.
# Proxied requests hold no thread while they wait or stream, so the balancer's HTTP thread pool
# stays small (LB_HTTP_THREADS, default 16) however many streams are open.
set -euo pipefail
cd "$(dirname "$0")"

if [[ ! -f lb-war/target/lb.war || ! -f producer-war/target/producer.war || ! -f ws-proxy-war/target/ws-proxy.war \
      || ! -f lb-war/target/runtime/payara-micro.jar ]]; then
    mvn -B -q -DskipTests package
fi

mkdir -p data
export LB_DB_PATH="${LB_DB_PATH:-./data/load_balancer.db}"
mkdir -p "$(dirname "$LB_DB_PATH")"
micro=lb-war/target/runtime/payara-micro.jar
case "${LB_LOG_FORMAT:-text}" in
    text) logging=config/logging.properties ;;
    json) logging=config/logging-json.properties ;;
    *) echo "LB_LOG_FORMAT must be text or json, not '${LB_LOG_FORMAT}'" >&2; exit 2 ;;
esac

java ${JAVA_OPTS:--Xmx512m} -jar "$micro" \
    --deploy lb-war/target/lb.war:/ \
    --port "${LB_PORT:-8090}" \
    --minHttpThreads "${LB_HTTP_THREADS:-16}" --maxHttpThreads "${LB_HTTP_THREADS:-16}" \
    --prebootcommandfile config/lb-preboot.txt --postbootcommandfile config/lb-postboot.txt --logproperties "$logging" \
    --nocluster --disablephonehome &
balancer=$!

java ${PRODUCER_JAVA_OPTS:--Xmx512m} -jar "$micro" \
    --deploy producer-war/target/producer.war:/ \
    --deploy ws-proxy-war/target/ws-proxy.war:/ws-proxy \
    --port "${PRODUCER_PORT:-8088}" \
    --prebootcommandfile config/producer-preboot.txt --logproperties "$logging" \
    --nocluster --disablephonehome &
producer=$!

stop() {
    trap - INT TERM
    if [[ -n "${announcer:-}" ]]; then
        kill "$announcer" 2>/dev/null || true   # it may have ended already (set -e)
    fi
    kill -TERM "$balancer" "$producer" 2>/dev/null || true
    wait "$balancer" "$producer" 2>/dev/null || true
}
trap stop INT TERM

# 200 from GET path on localhost:port, with bash alone (no curl on a bare machine)
answers() {
    local status
    { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
    printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$2" >&3
    read -r -t 5 _ status _ <&3 || status=
    exec 3<&- 3>&-
    [[ "$status" == 200 ]]
}

# one line once both instances answer their health checks (or why not), after Payara's own output
announce() {
    local lb=${LB_PORT:-8090} producer_port=${PRODUCER_PORT:-8088}
    for _ in $(seq 1 "${READY_TIMEOUT_SECONDS:-300}"); do
        if ! kill -0 "$balancer" 2>/dev/null; then
            echo "balancer failed to start (its process ended): see its lines above" >&2; return
        fi
        if ! kill -0 "$producer" 2>/dev/null; then
            echo "load producer failed to start (its process ended): see its lines above" >&2; return
        fi
        if answers "$lb" /health && answers "$producer_port" /sim/fast/v1/models \
                && answers "$producer_port" /ws-proxy/api/presets; then
            echo "balancer ready on http://localhost:$lb (admin /admin) · load producer ready on http://localhost:$producer_port"
            return
        fi
        sleep 1
    done
    echo "not ready after ${READY_TIMEOUT_SECONDS:-300} s: the balancer on :$lb or the load producer on :$producer_port does not answer its health check" >&2
}
announce &
announcer=$!

wait -n "$balancer" "$producer" || true
kill "$announcer" 2>/dev/null || true
stop
