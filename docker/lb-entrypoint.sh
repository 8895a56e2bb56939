#!/bin/sh
# The balancer image's start: standalone (lb-micro.jar, data grid off) unless LB_CLUSTER_MEMBERS
# names the data-grid members — host:port,host:port (TCP/IP, e.g. compose service names) or
# dns:name:port (every address of a name, e.g. a Kubernetes headless Service) — then
# lb-cluster-micro.jar with the grid on, listening on LB_CLUSTER_PORT (5900).
set -eu
jar=lb-micro.jar
set --
if [ -n "${LB_CLUSTER_MEMBERS:-}" ]; then
    jar=lb-cluster-micro.jar
    case "$LB_CLUSTER_MEMBERS" in
        dns:*) mode=$LB_CLUSTER_MEMBERS ;;
        *) mode=tcpip:$LB_CLUSTER_MEMBERS ;;
    esac
    set -- --clustermode "$mode" --startport "${LB_CLUSTER_PORT:-5900}"
fi
if [ "${LB_LOG_FORMAT:-text}" = json ]; then
    set -- "$@" --logproperties /opt/app/logging-json.properties
fi
# exec: the JVM gets SIGTERM directly and drains (see README, graceful shutdown)
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec java $JAVA_OPTS -jar "$jar" "$@" --port "${LB_PORT}" --minHttpThreads "${LB_HTTP_THREADS:-16}" \
    --maxHttpThreads "${LB_HTTP_THREADS:-16}" --rootdir /opt/app/runtime
