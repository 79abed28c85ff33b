# shellcheck shell=bash
# Shell functions shared by the integration tests (it/) and the benchmarks (bench/):
#   source "$ROOT/scripts/lib.sh"
# A script may define a function of the same name after sourcing this file, and then uses its own
# (it/sip/run.sh has its own log, free_port and api). The functions from "Messages" on expect the
# variables WORK (a temporary directory), LOG_TAG and NOTES; the server functions the variables
# JAR, SERVER_PID, SERVER_LOG, BASE_URL and API_KEY of the server they act on.

# random_chars N CLASS: N random characters of the tr(1) class CLASS, read from /dev/urandom.
random_chars() {
    local n=$1 class=$2 out=""
    while (( ${#out} < n )); do
        out+="$(head -c 256 /dev/urandom | LC_ALL=C tr -dc "$class")"
    done
    printf '%s' "${out:0:n}"
}

# new_api_key: an API key of the documented shape, KEY + 32 upper-case hex + "_" + 22 alphanumerics.
new_api_key() {
    printf 'KEY%s_%s' "$(random_chars 32 '0-9A-F')" "$(random_chars 22 'A-Za-z0-9')"
}

# stop_pid PID: stops a process politely (TERM), and after 5 s for good (KILL); nothing if it is gone.
stop_pid() {
    local pid=$1
    [[ -n "$pid" ]] || return 0
    kill -0 "$pid" 2>/dev/null || return 0
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# wait_for_health BASE_URL PID SECONDS: waits until GET BASE_URL/health answers 200. Returns 1 when
# the process PID exits first, 2 when SECONDS pass.
wait_for_health() {
    local url=$1/health pid=$2 deadline=$((SECONDS + $3))
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)" == 200 ]]; do
        kill -0 "$pid" 2>/dev/null || return 1
        (( SECONDS < deadline )) || return 2
        sleep 0.3
    done
}

# run_telcred_isolated WORK JAR [NAME=VALUE...]: execs telcred from WORK (run it in the background)
# on loopback, with WORK's own data directory and configuration file, none of the caller's
# TELCRED_* variables, and the given settings: what the it/ suites need to be reproducible.
run_telcred_isolated() {
    local work=$1 jar=$2
    shift 2
    cd "$work" || return 1
    # shellcheck disable=SC2046
    exec env $(env | sed -n 's/^\(TELCRED_[A-Z0-9_]*\)=.*/-u \1/p') \
        TELCRED_CONFIG_FILE="$work/telcred.properties" TELCRED_DATA_DIR="$work/data" TELCRED_HTTP_HOST=127.0.0.1 \
        TELCRED_SIP_BIND_HOST=127.0.0.1 TELCRED_SIP_ADVERTISED_HOST=127.0.0.1 "$@" "${JAVA:-java}" -jar "$jar"
}

# install_debian_packages PACKAGE...: apt-get installs those not installed yet (as root, or with sudo).
install_debian_packages() {
    local missing=() package
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
    done
    if (( ${#missing[@]} == 0 )); then
        echo "install.sh: Debian packages already installed"
        return
    fi
    local sudo=""
    (( EUID == 0 )) || sudo="sudo"
    echo "install.sh: apt-get install ${missing[*]}"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
}

# npm_ci_unless_current DIR PATH...: `npm ci` in DIR (exact versions from its lock file) unless every
# PATH under DIR/node_modules is there and the modules are newer than the lock file. playwright-core
# never downloads a browser: the suites drive the Debian chromium.
npm_ci_unless_current() {
    local dir=$1 path current=1
    shift
    for path in "$@"; do
        [[ -e "$dir/node_modules/$path" ]] || current=0
    done
    if (( current )) && [[ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]]; then
        echo "install.sh: $(basename "$dir")/node_modules up to date"
    else
        (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
    fi
}

# enter_private_network NAME SCRIPT [ARG...]: unless NAME_PRIVATE_NETWORK is set already or NAME_NETNS
# is 0, runs SCRIPT again in a network namespace of its own whose only interface is loopback (as
# root, or through an unprivileged user namespace), so that browsers have no other address to send
# media from or to. Where that cannot be done it says so and returns: the caller runs beside the
# machine's interfaces. Either way NAME_PRIVATE_NETWORK ends up exported as 1 or 0.
enter_private_network() {
    local name=$1 unshare
    shift
    local flag="${name}_PRIVATE_NETWORK" switch="${name}_NETNS"
    if [[ -z "${!flag:-}" && "${!switch:-1}" != 0 ]]; then
        for unshare in "unshare --net" "unshare --user --map-root-user --net"; do
            if $unshare ip link set lo up 2>/dev/null; then
                export "$flag=1"
                # shellcheck disable=SC2016
                exec $unshare bash -c 'ip link set lo up && exec bash "$@"' bash "$@"
            fi
        done
        echo "$1: no private network namespace (unshare --net or ip failed): running beside the machine's interfaces"
    fi
    export "$flag=${!flag:-0}"
}

# wait_for_ports SECONDS PORT...: true once a TCP connection opens to each 127.0.0.1:PORT (GET
# /health may answer before every transport is bound); false when SECONDS pass first.
wait_for_ports() {
    local timeout=$1 port
    local deadline=$((SECONDS + timeout))
    shift
    for port in "$@"; do
        until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
            (( SECONDS < deadline )) || { echo "port $port did not open within $timeout s" >&2; return 1; }
            sleep 0.1
        done
    done
}

# ---------------------------------------------------------------------------------------------
# Messages
# ---------------------------------------------------------------------------------------------
# log MESSAGE...: a progress line on stderr, "[$LOG_TAG HH:MM:SS] MESSAGE".
log() { printf '[%s %s] %s\n' "$LOG_TAG" "$(date +%H:%M:%S)" "$*" >&2; }

# note MESSAGE...: a line for the notes printed under a report ($NOTES), also logged.
note() { printf '%s\n' "$*" >>"$NOTES"; log "NOTE: $*"; }

# die MESSAGE...: logs the error and exits with status 1.
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------
# Prerequisites: tools, the jars, the JDKs
# ---------------------------------------------------------------------------------------------
# ensure_package COMMAND PACKAGE: installs the Debian PACKAGE with apt-get when COMMAND is missing.
ensure_package() {
    command -v "$1" >/dev/null && return
    log "$1 is missing; installing the Debian package $2"
    # The package lists may be stale or absent on a fresh machine: update once, then retry.
    apt-get install -y "$2" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "$2" >/dev/null; } \
        || die "cannot install $2 (apt-get install -y $2)"
}

# jar_info JAR: how a report names a jar: its file name, modification time and SHA-256 (12 digits).
jar_info() { echo "$(basename "$1") $(date -r "$1" '+%Y-%m-%d %H:%M') $(sha256sum "$1" | cut -c1-12)"; }

# prepare_jar JAR [MVN_OPTION...]: builds JAR if there is none (mvn -q -B MVN_OPTIONS package -DskipTests),
# then copies it, as other work may rebuild target/ during a run; sets JAR to the copy, JAR_INFO to jar_info.
prepare_jar() {
    local jar=$1
    shift
    local -a mvn=(mvn -q -B "$@" package -DskipTests)
    if [[ ! -f $jar ]]; then
        log "no $jar; building it (${mvn[*]})"
        (cd "$ROOT" && "${mvn[@]}") || die "the build failed"
        [[ -f $jar ]] || die "the build made no $jar"
    fi
    cp "$jar" "$WORK/telcred.jar"
    JAR="$WORK/telcred.jar"
    # shellcheck disable=SC2034  # for the caller's report
    JAR_INFO=$(jar_info "$jar")
}

# jdk_version JDK: the version of the JDK whose home is JDK, e.g. 17.0.15.
jdk_version() {
    local jdk=$1
    if [[ -f $jdk/release ]]; then
        sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$jdk/release"
    else
        "$jdk/bin/java" -version 2>&1 | sed -n '1s/.*"\(.*\)".*/\1/p'
    fi
}

# select_jdks LIST: sets JDKS to the JDK homes in LIST (space or comma separated), or when LIST is empty
# to those the script's own default_jdks prints; dies on one without bin/java.
select_jdks() {
    if [[ -n $1 ]]; then
        read -ra JDKS <<<"${1//,/ }"
    else
        mapfile -t JDKS < <(default_jdks)
    fi
    local jdk
    for jdk in "${JDKS[@]}"; do [[ -x $jdk/bin/java ]] || die "no $jdk/bin/java"; done
}

# ---------------------------------------------------------------------------------------------
# Ports, CPU and memory of processes and of the machine
# ---------------------------------------------------------------------------------------------
# used_ports: the ports something listens on over TCP or UDP, one a line.
used_ports() { ss -Hlntu 2>/dev/null | awk '{n = split($5, a, ":"); print a[n]}' | sort -u; }

# free_port: a loopback port nothing listens on over TCP or UDP (the small race with other processes is acceptable).
free_port() {
    local port used
    used=" $(used_ports | tr '\n' ' ') "
    for _ in $(seq 1 100); do
        port=$((20000 + RANDOM % 40000))
        [[ $used == *" $port "* ]] && continue
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
    die "no free port found"
}

# stat_fields PID: the fields of /proc/PID/stat after the command name (which may contain spaces);
# utime and stime (clock ticks) are the 12th and 13th.
stat_fields() { local stat; stat=$(<"/proc/$1/stat"); echo "${stat##*) }"; }

# cpu_ticks PID: the CPU time of a process, utime + stime, in clock ticks.
cpu_ticks() { local f; read -ra f <<<"$(stat_fields "$1")"; echo $((f[11] + f[12])); }

# machine_busy_ticks: the clock ticks all cores spent busy since boot (the first line of /proc/stat).
machine_busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat; }

# wait_for_quiet SECONDS MAX_PCT: other work on this machine (builds, tests) skews every figure: waits, up
# to SECONDS, for a second in which at most MAX_PCT % of one core is busy (idle servers and us included).
wait_for_quiet() {
    local max_wait=$1 max_pct=$2 hz deadline before after busy_pct waited=0
    hz=$(getconf CLK_TCK) deadline=$((SECONDS + max_wait))
    while :; do
        before=$(machine_busy_ticks); sleep 1; after=$(machine_busy_ticks)
        busy_pct=$(( (after - before) * 100 / hz ))
        ((busy_pct <= max_pct)) && break
        if ((SECONDS >= deadline)); then
            log "the machine is still busy (${busy_pct}% of one core) after ${max_wait} s; measuring anyway"
            break
        fi
        ((waited++ == 0)) && log "other processes use ${busy_pct}% of one core; waiting for a quiet machine"
        sleep 2
    done
}

# load_note: the load average of the machine (1, 5 and 15 minutes), for a report's header.
load_note() { echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"; }

# rss_kb PID: the resident memory of a process now, in KB.
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# hwm_kb PID: the peak resident memory of a process so far, in KB.
hwm_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }

# ---------------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------------
# median: the median of the numbers on stdin (n/a when there are none).
median() {
    sort -g | awk '{a[NR] = $1} END {
        if (NR == 0) print "n/a"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# pass CONDITION: PASS when the awk CONDITION holds, else FAIL.
pass() { if awk "BEGIN {exit !($1)}"; then echo "PASS"; else echo "FAIL"; fi; }

# machine_info: "N cores (CPU model), M GiB, kernel K", for a report's header.
machine_info() {
    echo "$(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), kernel $(uname -r)"
}

# ---------------------------------------------------------------------------------------------
# The server under test
# ---------------------------------------------------------------------------------------------
# server_env DATA_DIR HTTP_PORT: sets SERVER_ENV to the env(1) arguments every bench server starts with:
# no database setting of ours, DATA_DIR, HTTP on 127.0.0.1:HTTP_PORT, $API_KEY as the bootstrap key, WARN.
server_env() {
    SERVER_ENV=(
        -u TELCRED_DATABASE_URL -u TELCRED_DATABASE_USER -u TELCRED_DATABASE_PASSWORD
        TELCRED_DATA_DIR="$1" TELCRED_HTTP_HOST=127.0.0.1 TELCRED_HTTP_PORT="$2"
        TELCRED_BOOTSTRAP_API_KEY="$API_KEY" TELCRED_LOG_LEVEL=WARN
        # No stray telcred.properties from a working directory may change the settings.
        TELCRED_CONFIG_FILE="$WORK/no-such-telcred.properties"
    )
}

# launch_server JDK JAVA_OPTION...: starts java -jar $JAR of JDK in $WORK with the environment SERVER_ENV
# and its output in $SERVER_LOG; sets SERVER_PID.
launch_server() {
    local jdk=$1
    shift
    (cd "$WORK" && exec env "${SERVER_ENV[@]}" "$jdk/bin/java" "$@" -jar "$JAR") >"$SERVER_LOG" 2>&1 &
    SERVER_PID=$!
}

# await_server SECONDS: waits for GET $BASE_URL/health = 200; dies, with the end of the server's log,
# when the server exits first or SECONDS pass.
await_server() {
    wait_for_health "$BASE_URL" "$SERVER_PID" "$1" || {
        tail -n 30 "$SERVER_LOG" >&2
        kill -0 "$SERVER_PID" 2>/dev/null || { SERVER_PID=""; die "the server exited during start-up (log above)"; }
        die "no GET /health = 200 within $1 s"
    }
}

# stop_server: stops the server of $SERVER_PID, if one runs.
stop_server() {
    stop_pid "$SERVER_PID"
    SERVER_PID=""
}

# api METHOD PATH [BODY]: one authenticated call; prints the body, fails on a non-2xx status.
api() {
    local method=$1 path=$2 body=${3:-} out status
    out="$WORK/api-response"
    # -g: a path such as /v2/registrations?page[size]=1 is sent as it is, not as a curl glob.
    local -a args=(-s -g -o "$out" -w '%{http_code}' -X "$method" -H "Authorization: Bearer $API_KEY")
    [[ -n $body ]] && args+=(-H 'Content-Type: application/json' --data "$body")
    status=$(curl "${args[@]}" "$BASE_URL$path")
    [[ $status == 2* ]] || { cat "$out" >&2; die "$method $path answered $status"; }
    cat "$out"
}

# create_connection USER_PREFIX NAME: creates a credential connection NAME whose user name is USER_PREFIX
# and 10 random letters and digits; prints its id.
create_connection() {
    api POST /v2/credential_connections \
        "{\"user_name\":\"$1$(random_chars 10 'A-Za-z0-9')\",\"password\":\"$(random_chars 20 'A-Za-z0-9')\",\"connection_name\":\"$2\"}" | jq -r .data.id
}

# ---------------------------------------------------------------------------------------------
# A baseline jar, measured beside the tested one (BENCH_BASELINE_JAR)
# ---------------------------------------------------------------------------------------------
# The script names in SERVER_VARS the variables of which each server has its own (JAR, SERVER_PID, ...),
# and sets SERVER_NAME=tested (the current server) and JAR_NAMES=(tested) (the servers, baseline first).

# switch_server NAME: keeps the current server's SERVER_VARS and brings back server NAME's (empty at first),
# so that the functions acting on "the server" act on NAME's.
switch_server() {
    declare -gA SAVED_SERVER_VARS
    local v
    for v in "${SERVER_VARS[@]}"; do SAVED_SERVER_VARS[$SERVER_NAME.$v]=${!v-}; done
    SERVER_NAME=$1
    for v in "${SERVER_VARS[@]}"; do printf -v "$v" '%s' "${SAVED_SERVER_VARS[$1.$v]-}"; done
}

# prepare_baseline_jar JAR: after prepare_jar, copies JAR as the baseline server's JAR; sets BASELINE_INFO
# (jar_info) and JAR_NAMES=(baseline tested).
prepare_baseline_jar() {
    [[ -f $1 ]] || die "no baseline jar $1"
    cp "$1" "$WORK/baseline.jar"
    # shellcheck disable=SC2034  # for the caller's report
    BASELINE_INFO=$(jar_info "$1")
    switch_server baseline
    JAR="$WORK/baseline.jar"
    switch_server tested
    JAR_NAMES=(baseline tested)
}

# jar_suffix: what marks the current server's figures and files: -base for the baseline jar's, nothing for the tested one's.
jar_suffix() { [[ $SERVER_NAME != baseline ]] || echo -base; }

# ratio A B: A / B with 3 decimals; n/a unless both are numbers and B is not 0.
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { num = "^-?[0-9]+([.][0-9]+)?([eE][-+]?[0-9]+)?$"
        if (a ~ num && b ~ num && b + 0 != 0) printf "%.3f", a / b; else printf "n/a" }'
}

# ratio_cell LABEL A B: with a baseline jar, the column beside a figure: the ratio A / B on the tested jar's row,
# blank on the baseline's (LABEL ends in -base); nothing without a baseline jar.
ratio_cell() {
    ((${#JAR_NAMES[@]} > 1)) || return 0
    if [[ $1 == *-base ]]; then printf ' %6s' ""; else printf ' %6s' "$(ratio "$2" "$3")"; fi
}

# ratio_head: the heading of a ratio_cell column ("/base"); nothing without a baseline jar.
ratio_head() { ((${#JAR_NAMES[@]} == 1)) || printf ' %6s' /base; }

# label_width: the width of a report's JDK column: 8, or 12 for labels such as 17.0.15-base with a baseline jar.
label_width() { if ((${#JAR_NAMES[@]} > 1)); then echo 12; else echo 8; fi; }
