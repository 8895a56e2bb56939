# Shell helpers shared by bench/run.sh, bench/streams/run.sh and bench/clients/run.sh (source it;
# needs bash).
# The caller sets OUT (a directory under bench/out) before using them. Every process started
# here is recorded in PIDS and stopped by the EXIT trap that lib_install_traps installs: only
# those pids, never the system nginx service.

STREAMS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BENCH_DIR=$(dirname "$STREAMS_DIR")
REPO=$(dirname "$BENCH_DIR")
PIDS=()

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

lib_cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if ((${#PIDS[@]})); then
        log "stopping ${#PIDS[@]} processes"
        local i pid
        for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
            kill -TERM "${PIDS[i]}" 2>/dev/null || true
        done
        for _ in $(seq 75); do        # up to 15 s (Payara takes a moment to shut down)
            local alive=0
            for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
            ((alive)) || break
            sleep 0.2
        done
        for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    fi
    exit "$rc"
}

lib_install_traps() {
    trap lib_cleanup EXIT
    trap 'exit 130' INT     # exiting runs the EXIT trap
    trap 'exit 143' TERM
}

# As many file descriptors as this machine lets us have (4,000 streams = 8,000+ sockets in nginx).
# The brief's 65536 is above the hard limit here (20000 in this sandbox); take the hard limit then.
raise_nofile() {
    local want=${1:-65536} hard
    hard=$(ulimit -Hn)
    if [[ $hard != unlimited && $hard -lt $want ]]; then
        want=$hard
    fi
    ulimit -n "$want" || die "cannot raise ulimit -n to $want"
    NOFILE=$(ulimit -n)
}

# The echo module's load_module path (Debian: /usr/lib/nginx/modules/ngx_http_echo_module.so).
echo_module_path() {
    local f
    for f in /usr/lib/nginx/modules/ngx_http_echo_module.so /usr/share/nginx/modules/ngx_http_echo_module.so; do
        [[ -f $f ]] && { printf '%s' "$f"; return; }
    done
    f=$(sed -n 's/^load_module \(.*echo.*\);/\1/p' /usr/share/nginx/modules-available/mod-http-echo.conf 2>/dev/null)
    if [[ -n $f ]]; then
        [[ $f == /* ]] || f=/usr/lib/nginx/$f
        [[ -f $f ]] && { printf '%s' "$f"; return; }
    fi
    return 1
}

ensure_stream_tools() {   # installs nginx, its echo module and wrk from Debian when missing
    local pkgs=()
    command -v nginx >/dev/null || pkgs+=(nginx)
    echo_module_path >/dev/null || pkgs+=(libnginx-mod-http-echo)
    command -v wrk >/dev/null || pkgs+=(wrk)
    command -v curl >/dev/null || pkgs+=(curl)
    command -v python3 >/dev/null || pkgs+=(python3)
    if ((${#pkgs[@]})); then
        log "installing ${pkgs[*]} (apt-get)"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null
    fi
    echo_module_path >/dev/null || die "nginx echo module not found after installing libnginx-mod-http-echo"
    command -v java >/dev/null || die "java is required"
}

ensure_ports_free() {
    local p
    for p in "$@"; do
        if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            die "port $p is already in use (a previous run still alive?)"
        fi
    done
}

# Poll URL until it answers 200, or die after $2 seconds (or when process $3 exits).
wait_http_200() {
    local url=$1 timeout=$2 pid=$3 start=$SECONDS
    until [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true) == 200 ]]; do
        kill -0 "$pid" 2>/dev/null || die "process for $url exited (see $OUT)"
        ((SECONDS - start < timeout)) || die "$url not ready after ${timeout}s"
        sleep 0.3
    done
}

# nginx from a template, with its own prefix, config, pid and temp dirs: never the system service.
# start_nginx NAME TEMPLATE PORT [UPSTREAM_PORT]; sets LAST_PID.
start_nginx() {
    local name=$1 template=$2 port=$3 upstream=${4:-} module dir
    dir=$OUT/$name
    module=$(echo_module_path || true)
    mkdir -p "$dir"/{client_body,proxy,fastcgi,uwsgi,scgi}
    sed -e "s|@OUT@|$dir|g" -e "s|@PORT@|$port|g" -e "s|@UPSTREAM_PORT@|$upstream|g" \
        -e "s|@ECHO_MODULE@|$module|g" "$template" >"$dir/nginx.conf"
    # -e: don't touch /var/log/nginx before the config is read; daemon off keeps $! the master.
    nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" >"$dir/stdout.log" 2>&1 &
    LAST_PID=$!
    PIDS+=("$LAST_PID")
    if ! (wait_http_200 "http://127.0.0.1:$port/v1/models" 10 "$LAST_PID"); then
        cat "$dir/error.log" "$dir/stdout.log" >&2 2>/dev/null || true
        die "nginx $name did not start on :$port"
    fi
}

start_stream_upstream() {   # PORT
    start_nginx stream-upstream "$STREAMS_DIR/nginx-stream-upstream.conf.template" "$1"
    check_stream "$1" /v1/chat/completions
}

# One streaming request; dies unless it is 200, has the role chunk, 20 content chunks and ends in
# data: [DONE]. The usage chunk may be missing: the balancer passes it on only to a client that
# asked for it (stream_options.include_usage), the bare upstream always sends it.
check_stream() {   # PORT PATH
    local port=$1 path=$2 f=$OUT/check-stream-$1.txt code
    code=$(curl -sN -o "$f" -w '%{http_code}' --max-time 10 -X POST "http://127.0.0.1:$port$path" \
        -H 'Content-Type: application/json' \
        -d '{"model":"bench-model","stream":true,"messages":[{"role":"user","content":"hi"}]}' || true)
    [[ $code == 200 ]] || die "stream request to :$port$path -> $code: $(head -c 300 "$f")"
    local role content
    role=$(grep -c '^data: .*"role":"assistant"' "$f" || true)
    content=$(grep -c '^data: .*"content":"tok "' "$f" || true)
    [[ $role == 1 && $content == 20 && $(tail -n 2 "$f" | head -n 1) == 'data: [DONE]' ]] ||
        die "stream from :$port$path: $role role / $content content chunks, or no [DONE] (see $f)"
}

machine_header() {
    local cpu
    cpu=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo)
    echo "date:    $(date -Is)"
    echo "machine: $(nproc) CPUs, ${cpu:-unknown CPU}, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
    echo "java:    $(java -version 2>&1 | head -n 1) ($(java -version 2>&1 | sed -n 2p))"
    echo "nginx:   $(nginx -v 2>&1 | sed 's/^nginx version: //') + echo module $(dpkg-query -W -f='${Version}' libnginx-mod-http-echo 2>/dev/null)"
    echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, before starting anything); ulimit -n ${NOFILE:-$(ulimit -n)}"
    echo "note:    the machine is shared (other builds/benchmarks may run): compare within one run"
}

# lb.war and Payara Micro from target/, built when missing.
ensure_build() {
    if [[ -f $REPO/lb-war/target/lb.war && -f $REPO/lb-war/target/runtime/payara-micro.jar ]]; then
        return
    fi
    log "lb.war or payara-micro.jar missing: building (mvn -q -DskipTests package)"
    (cd "$REPO" && mvn -q -DskipTests package)
}

# admin METHOD PATH [JSON] -> response body on stdout; dies on a non-2xx answer (PORT_LB, ADMIN_TOKEN).
admin() {
    local method=$1 path=$2 body=${3:-} resp code
    resp=$(curl -s -w '\n%{http_code}' -X "$method" "http://127.0.0.1:$PORT_LB/admin/api$path" \
        -H "X-Admin-Token: $ADMIN_TOKEN" -H 'Content-Type: application/json' ${body:+-d "$body"})
    code=${resp##*$'\n'}
    resp=${resp%$'\n'*}
    [[ $code == 2* ]] || die "admin $method $path -> $code: $resp"
    printf '%s' "$resp"
}

# wrk prints latencies as 612.00us / 1.23ms / 1.02s / 1.5m; normalise to ms.
wrk_latency_ms() {   # FILE PERCENTILE [DECIMALS, default 2]
    awk -v p="$2%" -v fmt="%.${3:-2}f" '$1 == p {
        v = $2
        if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v) }
        else if (v ~ /m$/) { sub(/m$/, "", v); v *= 60000 }
        else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }
        printf fmt, v; exit }' "$1"
}
