#!/usr/bin/env bash
# Starts the balancer (lb-war on Payara Micro) on LB_PORT (default 8090) with SQLite under ./data.
# Builds the WARs first when they are missing. Ctrl-C or SIGTERM stops it cleanly (stats flushed).
# Every proxied request holds one HTTP worker thread while it runs (streams included), so the
# thread pool is sized by LB_MAX_CONNECTIONS, the most requests in flight at once.
set -euo pipefail
cd "$(dirname "$0")"

if [[ ! -f lb-war/target/lb.war || ! -f lb-war/target/runtime/payara-micro.jar ]]; then
    mvn -B -q -DskipTests package
fi

mkdir -p data
export LB_DB_PATH="${LB_DB_PATH:-./data/load_balancer.db}"
mkdir -p "$(dirname "$LB_DB_PATH")"

exec java ${JAVA_OPTS:--Xmx512m} -jar lb-war/target/runtime/payara-micro.jar \
    --deploy lb-war/target/lb.war:/ \
    --port "${LB_PORT:-8090}" \
    --maxHttpThreads "${LB_MAX_CONNECTIONS:-500}" \
    --postbootcommandfile config/lb-postboot.txt \
    --nocluster --disablephonehome
