#!/usr/bin/env bash
# Starts a local cluster: a PostgreSQL of its own (Debian's binaries, data under ./data/cluster-pg,
# port PG_PORT, 55432) and LB_REPLICAS balancer replicas (3) on ports 8090, 8091, … sharing it
# and one data grid (Payara's Hazelcast, members found by TCP/IP on 127.0.0.1 from port
# LB_CLUSTER_PORT, 5900, one port per replica) for their live state.
# With LB_DB_URL set (and LB_DB_USER, LB_DB_PASSWORD or LB_DB_PASSWORD_FILE) the replicas use that
# database instead and no PostgreSQL is started. Ctrl-C or SIGTERM stops the replicas (they drain
# and flush their totals), then the PostgreSQL this script started.
set -euo pipefail
cd "$(dirname "$0")"

if [[ ! -f lb-war/target/lb.war || ! -f lb-war/target/runtime/payara-micro.jar ]]; then
    mvn -B -q -DskipTests package
fi

replicas=${LB_REPLICAS:-3}
first_port=${LB_PORT:-8090}
pg_port=${PG_PORT:-55432}
micro=lb-war/target/runtime/payara-micro.jar
mkdir -p data/cluster-logs
started_pg=

if [[ -z "${LB_DB_URL:-}" ]]; then
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    if [[ -z "$bin" || ! -x "$bin/initdb" ]]; then
        echo "PostgreSQL is not installed (Debian: apt-get install postgresql), or set LB_DB_URL" >&2
        exit 2
    fi
    pgdata=$PWD/data/cluster-pg
    as_pg=()
    if [[ $(id -u) == 0 ]]; then   # PostgreSQL refuses to run as root
        mkdir -p "$pgdata"
        chown postgres "$pgdata"
        as_pg=(su postgres -s /bin/sh -c)
    fi
    pg() {
        if ((${#as_pg[@]})); then "${as_pg[@]}" "$(printf '%q ' "$@")"; else "$@"; fi
    }
    if [[ ! -f "$pgdata/db/PG_VERSION" ]]; then
        pg "$bin/initdb" -D "$pgdata/db" -U lb --auth=trust >data/cluster-logs/initdb.log
    fi
    pg "$bin/pg_ctl" -D "$pgdata/db" -w -l "$pgdata/postgres.log" \
        -o "-p $pg_port -k $pgdata -c listen_addresses=127.0.0.1" start >/dev/null
    started_pg=1
    pg "$bin/createdb" -h 127.0.0.1 -p "$pg_port" -U lb lb 2>/dev/null || true   # kept from an earlier start
    export LB_DB_URL="jdbc:postgresql://127.0.0.1:$pg_port/lb" LB_DB_USER=lb
    echo "PostgreSQL on 127.0.0.1:$pg_port (data under $pgdata)"
fi

grid_port=${LB_CLUSTER_PORT:-5900}
members=
for ((i = 0; i < replicas; i++)); do
    members+="${members:+,}127.0.0.1:$((grid_port + i))"
done

pids=()
for ((i = 0; i < replicas; i++)); do
    port=$((first_port + i))
    LB_CLUSTER_MEMBERS=$members LB_REPLICA_NAME="replica-$port" \
    java ${JAVA_OPTS:--Xmx512m} -jar "$micro" \
        --deploy lb-war/target/lb.war:/ \
        --port "$port" \
        --minHttpThreads "${LB_HTTP_THREADS:-16}" --maxHttpThreads "${LB_HTTP_THREADS:-16}" \
        --prebootcommandfile config/lb-cluster-preboot.txt --postbootcommandfile config/lb-postboot.txt \
        --logproperties config/logging.properties \
        --clustermode "tcpip:$members" --startport $((grid_port + i)) --interfaces 127.0.0.1 \
        --disablephonehome >"data/cluster-logs/replica-$port.log" 2>&1 &
    pids+=($!)
done

stop() {
    trap - INT TERM EXIT
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
    if [[ -n "$started_pg" ]]; then
        pg "$bin/pg_ctl" -D "$pgdata/db" -w -m fast stop >/dev/null || true
    fi
}
trap stop INT TERM EXIT

# 200 from GET /health on localhost:port, with bash alone
healthy() {
    local status
    { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
    printf 'GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
    read -r -t 5 _ status _ <&3 || status=
    exec 3<&- 3>&-
    [[ "$status" == 200 ]]
}

for ((i = 0; i < replicas; i++)); do
    port=$((first_port + i))
    for _ in $(seq 1 "${READY_TIMEOUT_SECONDS:-300}"); do
        kill -0 "${pids[$i]}" 2>/dev/null || { echo "replica on :$port ended: see data/cluster-logs/replica-$port.log" >&2; exit 1; }
        healthy "$port" && break
        sleep 1
    done
    healthy "$port" || { echo "replica on :$port not ready: see data/cluster-logs/replica-$port.log" >&2; exit 1; }
    echo "replica ready on http://localhost:$port (admin /admin), log data/cluster-logs/replica-$port.log"
done
echo "cluster of $replicas replicas on one PostgreSQL and one data grid ($members); Ctrl-C stops it"
wait -n "${pids[@]}" || true
