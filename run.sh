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

java ${JAVA_OPTS:--Xmx512m} -jar "$micro" \
    --deploy lb-war/target/lb.war:/ \
    --port "${LB_PORT:-8090}" \
    --minHttpThreads "${LB_HTTP_THREADS:-16}" --maxHttpThreads "${LB_HTTP_THREADS:-16}" \
    --prebootcommandfile config/lb-preboot.txt --postbootcommandfile config/lb-postboot.txt \
    --nocluster --disablephonehome &
balancer=$!

java ${PRODUCER_JAVA_OPTS:--Xmx512m} -jar "$micro" \
    --deploy producer-war/target/producer.war:/ \
    --deploy ws-proxy-war/target/ws-proxy.war:/ws-proxy \
    --port "${PRODUCER_PORT:-8088}" \
    --prebootcommandfile config/producer-preboot.txt \
    --nocluster --disablephonehome &
producer=$!

stop() {
    trap - INT TERM
    kill -TERM "$balancer" "$producer" 2>/dev/null || true
    wait "$balancer" "$producer" 2>/dev/null || true
}
trap stop INT TERM
echo "balancer: http://localhost:${LB_PORT:-8090}/admin   load producer: http://localhost:${PRODUCER_PORT:-8088}/"
wait -n "$balancer" "$producer" || true
stop
