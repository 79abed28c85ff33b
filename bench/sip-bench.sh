#!/usr/bin/env bash
# SIP benchmark of telcred: how many authenticated registrations per second the registrar sustains
# over UDP with no failure, what one costs in server CPU, where that time goes, and what a binding
# costs in heap, per JDK. The load generator is SIPp (bench/sipp/register.xml).
#
#   bash bench/sip-bench.sh                        # from the repo root; see bench/README.md
#   SIP_BENCH_SECONDS=5 SIP_BENCH_RUNS=1 bash bench/sip-bench.sh     # a quick look
#
# Settings (environment):
#   SIP_BENCH_JDKS            space/comma separated JDK homes (default: JDK 17 and Temurin 25 under /usr/lib/jvm)
#   SIP_BENCH_SECONDS         seconds of load per trial and per measured run (default 30)
#   SIP_BENCH_RUNS            measured runs at the fixed rate; the median is reported (default 3)
#   SIP_BENCH_FIXED_RATE      the fixed rate of the CPU-per-registration runs and the profile (default 5000/s)
#   SIP_BENCH_START_RATE      first rate of the search (default 2000/s); then x SIP_BENCH_STEP (1.5) while
#                             passing, then bisection down to SIP_BENCH_RESOLUTION (0.05 = 5 %)
#   SIP_BENCH_MAX_RATE        the search stops there (default 60000/s)
#   SIP_BENCH_CREDENTIALS     on-demand credentials created (default 10000)
#   SIP_BENCH_BINDINGS        bindings per credential in the memory phase (default 10, the per-user limit)
#   SIP_BENCH_WARMUP_SECONDS  load at a moderate rate before anything is measured (default 20)
#   SIP_BENCH_HEAP            server heap, -Xms = -Xmx (default 1g); the collector is the JDK's default (G1)
#   SIP_BENCH_JAVA_OPTS       extra JVM options for the server
#   SIP_BENCH_JFR             1 (default): one extra run at the fixed rate under JFR, summarised in the output
#   SIP_BENCH_PHASES          which phases to run (default "search fixed jfr memory"); "scale" (alone, through
#                             bench/scale-bench.sh) registers every credential once and weighs the heap per user
#   SIP_BENCH_DATA_DIR        keep the database and the created credentials there, and reuse them in a later run
#                             with as many credentials (no baseline jar)
#   SIP_BENCH_SCALE_FIRST_RATE  the rate of the scale phase's first registrations (default 2000/s), each reading its
#                             login from the database
#   SIP_BENCH_SIPP            the SIPp binary (default: sipp from PATH, Debian's sip-tester, installed if missing)
#   SIP_BENCH_DIGEST_ALGORITHMS  TELCRED_SIP_DIGEST_ALGORITHMS for the server (default: unset, the server's MD5);
#                             SHA-256,MD5 needs a SIPp >= 3.7.3 with OpenSSL (bench/build-sipp.sh builds one)
#   SIP_BENCH_SIPP_PROCS      SIPp processes per trial (default: auto, one per SIP_BENCH_RATE_PER_SIPP
#                             registrations/s, default 4000, as one SIPp is single-threaded)
#   SIP_BENCH_SIPP_SOCKETS    source ports per SIPp process (default 16; -t un -max_socket), like that many phones
#   SIP_BENCH_JAR             the jar to test (default: BENCH_JAR, else target/telcred.jar, built if missing; a copy is used)
#   SIP_BENCH_BASELINE_JAR    a jar to compare it with (default: BENCH_BASELINE_JAR; a copy is used): its server runs
#                             beside the tested one's, is warmed up alike, and each fixed-rate run is made on both in
#                             turn, the baseline's first, so that other work on the machine hits both alike; its memory
#                             phase runs right before the tested jar's; it has no rate search and no JFR run. Its rows
#                             are labelled JDK-base; the summary adds the ratio tested/baseline ('/base') beside us/reg
#                             and B/binding
#   SIP_BENCH_QUIET_WAIT      before each trial, wait up to this many seconds (default 60) for the machine to
#                             be quiet: at most SIP_BENCH_QUIET_MAX_PCT (default 15) % of one core busy
#   SIP_BENCH_MAX_OTHER_PCT   a trial during which other processes used more than this % of one core (default 10)
#   SIP_BENCH_RETRIES         is repeated up to this many times when it failed (default 1); a search trial or
#                             run still disturbed is marked '!'
#
# Output: progress while running, then the table; it is also written to bench/results/sip-<date>.txt
# (bench/results/ is git-ignored), with SIPp's files of every failed trial and the JFR recordings.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/lib.sh
source "$ROOT/scripts/lib.sh"
BENCH_DIR="$ROOT/bench"
LOG_TAG=sip-bench

SIP_BENCH_SECONDS=${SIP_BENCH_SECONDS:-30}
SIP_BENCH_RUNS=${SIP_BENCH_RUNS:-3}
SIP_BENCH_FIXED_RATE=${SIP_BENCH_FIXED_RATE:-5000}
SIP_BENCH_START_RATE=${SIP_BENCH_START_RATE:-2000}
SIP_BENCH_STEP=${SIP_BENCH_STEP:-1.5}
SIP_BENCH_RESOLUTION=${SIP_BENCH_RESOLUTION:-0.05}
SIP_BENCH_MAX_RATE=${SIP_BENCH_MAX_RATE:-60000}
SIP_BENCH_CREDENTIALS=${SIP_BENCH_CREDENTIALS:-10000}
SIP_BENCH_BINDINGS=${SIP_BENCH_BINDINGS:-10}
SIP_BENCH_WARMUP_SECONDS=${SIP_BENCH_WARMUP_SECONDS:-20}
SIP_BENCH_HEAP=${SIP_BENCH_HEAP:-1g}
SIP_BENCH_JAVA_OPTS=${SIP_BENCH_JAVA_OPTS:-}
SIP_BENCH_JFR=${SIP_BENCH_JFR:-1}
SIP_BENCH_PHASES=${SIP_BENCH_PHASES:-search fixed jfr memory}
SIP_BENCH_SCALE_FIRST_RATE=${SIP_BENCH_SCALE_FIRST_RATE:-2000}
SIP_BENCH_RATE_PER_SIPP=${SIP_BENCH_RATE_PER_SIPP:-4000}
SIP_BENCH_SIPP_PROCS=${SIP_BENCH_SIPP_PROCS:-}
SIP_BENCH_SIPP_SOCKETS=${SIP_BENCH_SIPP_SOCKETS:-16}
SIP_BENCH_QUIET_WAIT=${SIP_BENCH_QUIET_WAIT:-60}
SIP_BENCH_QUIET_MAX_PCT=${SIP_BENCH_QUIET_MAX_PCT:-15}
SIP_BENCH_MAX_OTHER_PCT=${SIP_BENCH_MAX_OTHER_PCT:-10}
SIP_BENCH_RETRIES=${SIP_BENCH_RETRIES:-1}
SIPP_BUFFER_BYTES=${SIPP_BUFFER_BYTES:-4194304}
SIP_BENCH_JAR=${SIP_BENCH_JAR:-${BENCH_JAR:-}}
SIP_BENCH_BASELINE_JAR=${SIP_BENCH_BASELINE_JAR:-${BENCH_BASELINE_JAR:-}}

# The project's targets, printed beside the figures.
TARGET_REG_PER_S=10000
TARGET_CPU_US_PER_REG=80
TARGET_BYTES_PER_BINDING=1024
TARGET_BYTES_PER_USER=1024

DOMAIN=sip.telcred.local
SCENARIO="$BENCH_DIR/sipp/register.xml"
# Transactions over UDP linger 64 x T1 = 32 s after their final answer (Timer J), holding the request
# and response; the memory phase waits this long (plus the nonce-count lifetime) before it weighs the heap.
MEMORY_NONCE_LIFETIME_SECONDS=30
MEMORY_SETTLE_SECONDS=40

CLK_TCK=$(getconf CLK_TCK)
STAMP=$(date +%Y%m%d-%H%M%S)
RESULTS_DIR="$BENCH_DIR/results"
RESULT_FILE="$RESULTS_DIR/sip-$STAMP.txt"
KEEP_DIR="$RESULTS_DIR/sip-$STAMP"   # SIPp files of failed trials, JFR recordings, server logs with errors

WORK=$(mktemp -d /tmp/telcred-sip-bench.XXXXXX)
TRIALS="$WORK/trials.tsv"     # one line per SIPp trial: jdk phase rate ... (see run_trial)
MEMORY="$WORK/memory.tsv"     # one line per JDK: heap figures of the memory phase
NOTES="$WORK/notes.txt"       # failures, profiles, disturbances: printed under the table
PROFILES="$WORK/profiles.txt" # JFR summaries
: >"$TRIALS"; : >"$MEMORY"; : >"$NOTES"; : >"$PROFILES"
: >"$WORK/search.tsv"; : >"$WORK/create.tsv"; : >"$WORK/hwm.tsv"; : >"$WORK/memory-notes.txt"; : >"$WORK/scale.tsv"

SERVER_PID=""
SIPP_PIDS=()
# What each server has of its own: with a baseline jar two run side by side (switch_server, scripts/lib.sh).
SERVER_VARS=(JAR SERVER_PID BASE_URL SIP_PORT API_KEY SERVER_LOG GC_LOG DATA_DIR JDK_LABEL)
SERVER_NAME=tested
JAR_NAMES=(tested)

# ---------------------------------------------------------------------------------------------
# Cleanup: whatever happens, the SIPp processes and the servers we started are stopped.
# ---------------------------------------------------------------------------------------------
cleanup() {
    local pid child name
    # SIPP_PIDS are the /usr/bin/time processes; SIPp is their child and would outlive them.
    for pid in "${SIPP_PIDS[@]}"; do
        for child in $(pgrep -P "$pid" 2>/dev/null); do kill "$child" 2>/dev/null || true; done
        kill "$pid" 2>/dev/null || true
    done
    for name in "${JAR_NAMES[@]}"; do
        switch_server "$name"
        stop_server || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------
# Prerequisites
# ---------------------------------------------------------------------------------------------
# SIPp answers the FIRST challenge of a 401. telcred offers MD5 only by default (TELCRED_SIP_DIGEST_ALGORITHMS),
# which every SIPp answers: Debian's sip-tester (SIPp 3.6.1) is used, installed with apt-get when missing.
# With SIP_BENCH_DIGEST_ALGORITHMS=SHA-256,MD5 the server challenges SHA-256 first, which SIPp 3.6.1
# cannot answer (it aborts every call: "createAuthHeader: authentication must use MD5 or AKAv1-MD5");
# SIPp >= 3.7.3 built with OpenSSL ("-TLS-SHA256" in `sipp -v`) can: bench/build-sipp.sh builds one.
sipp_has_sha256() { local v; v=$("$1" -v 2>&1 || true); [[ $v == *SHA256* ]]; }

find_sipp() {
    local candidate need_sha256=0
    [[ ${SIP_BENCH_DIGEST_ALGORITHMS:-MD5} == SHA-256* ]] && need_sha256=1
    if [[ -n ${SIP_BENCH_SIPP:-} ]]; then
        ((need_sha256 == 0)) || sipp_has_sha256 "$SIP_BENCH_SIPP" \
            || die "$SIP_BENCH_SIPP cannot answer SHA-256 digest challenges (needs SIPp >= 3.7.3 with OpenSSL)"
        SIPP=$SIP_BENCH_SIPP; return
    fi
    if ((need_sha256 == 0)); then
        ensure_package sipp sip-tester
        SIPP=$(command -v sipp); return
    fi
    for candidate in "${XDG_CACHE_HOME:-$HOME/.cache}"/telcred-bench/sipp-*/sipp "$(command -v sipp || true)"; do
        if [[ -x $candidate ]] && sipp_has_sha256 "$candidate"; then SIPP=$candidate; return; fi
    done
    log "no SIPp that answers SHA-256 digest challenges (Debian's sip-tester 3.6.1 answers MD5 only); building one"
    bash "$BENCH_DIR/build-sipp.sh" >&2 || die "could not build SIPp (see bench/build-sipp.sh; or set SIP_BENCH_SIPP)"
    for candidate in "${XDG_CACHE_HOME:-$HOME/.cache}"/telcred-bench/sipp-*/sipp; do
        if [[ -x $candidate ]] && sipp_has_sha256 "$candidate"; then SIPP=$candidate; return; fi
    done
    die "bench/build-sipp.sh made no usable sipp"
}

default_jdks() {
    local jdk
    for jdk in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64; do
        [[ -x $jdk/bin/java ]] && echo "$jdk"
    done
}

# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------
sys_ticks() { local f; read -ra f <<<"$(stat_fields "$1")"; echo "${f[12]}"; }  # stime: system calls, the UDP stack

calc() { awk "BEGIN {print $*}"; }

# ---------------------------------------------------------------------------------------------
# The server
# ---------------------------------------------------------------------------------------------
# start_server JDK DATA_DIR [ENV=VALUE...]: starts telcred on free ports with SIP on UDP and TCP (one
# port), nothing else; sets SERVER_PID, BASE_URL, SIP_PORT, API_KEY (kept across restarts on one data
# dir, as it is the bootstrap key of that database) and waits for GET /health = 200.
start_server() {
    local jdk=$1 data_dir=$2 port
    shift 2
    port=$(free_port)
    SIP_PORT=$(free_port)
    [[ $SIP_PORT == "$port" ]] && SIP_PORT=$(free_port)
    BASE_URL="http://127.0.0.1:$port"
    SERVER_LOG="$WORK/server-$(basename "$jdk")$(jar_suffix)-$(date +%H%M%S).log"
    server_env "$data_dir" "$port"
    SERVER_ENV+=(
        TELCRED_SIP_DOMAIN="$DOMAIN"
        TELCRED_SIP_BIND_HOST=127.0.0.1 TELCRED_SIP_ADVERTISED_HOST=127.0.0.1
        TELCRED_SIP_UDP_PORT="$SIP_PORT" TELCRED_SIP_TCP_PORT="$SIP_PORT"
        TELCRED_SIP_WS_PORT=-1 TELCRED_SIP_TLS_PORT=-1 TELCRED_SIP_WSS_PORT=-1
        TELCRED_SIP_MAX_BINDINGS_PER_USER="$SIP_BENCH_BINDINGS"
        # The load generator must never be slowed or banned by the brute-force limiter.
        TELCRED_SIP_TRUSTED_ADDRESSES=127.0.0.0/8
        "$@"
    )
    [[ -n ${SIP_BENCH_DIGEST_ALGORITHMS:-} ]] && SERVER_ENV+=(TELCRED_SIP_DIGEST_ALGORITHMS="$SIP_BENCH_DIGEST_ALGORITHMS")
    GC_LOG="$WORK/gc-$(basename "$jdk")$(jar_suffix)-$(date +%H%M%S).log"
    # shellcheck disable=SC2086  # SIP_BENCH_JAVA_OPTS is a list of options
    launch_server "$jdk" -Xms"$SIP_BENCH_HEAP" -Xmx"$SIP_BENCH_HEAP" -Xlog:gc:file="$GC_LOG" $SIP_BENCH_JAVA_OPTS
    local deadline=$((SECONDS + 120))
    await_server 120
    until [[ $(ss -Hlnu) == *":$SIP_PORT "* ]]; do
        ((SECONDS < deadline)) || { tail -n 30 "$SERVER_LOG" >&2; die "the server does not listen on UDP $SIP_PORT"; }
        sleep 0.5
    done
}

# The server logs every unexpected error at WARN or ERROR; at WARN level nothing else should appear.
check_server_log() {
    local label=$1 lines
    lines=$(grep -c -E 'WARN|ERROR|Exception|VM warning' "$SERVER_LOG" || true)
    if ((lines > 0)); then
        mkdir -p "$KEEP_DIR"
        cp "$SERVER_LOG" "$KEEP_DIR/server-$label-$(basename "$SERVER_LOG")"
        note "$label: the server log has $lines WARN/ERROR/exception lines (copied to ${KEEP_DIR#"$ROOT"/}/); by kind:"
        grep -E 'WARN|ERROR|Exception|VM warning' "$SERVER_LOG" \
            | sed -E 's/^[0-9T:.Z-]+ //; s/[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+:[0-9]+/ADDR/g; s/gencred[A-Za-z0-9]+/gencred.../g' \
            | cut -c1-200 | sort | uniq -c | sort -rn | head -8 | sed 's/^/    /' >>"$NOTES"
    fi
}

registrations_total() { api GET '/v2/registrations?page[size]=1' | jq -r '.meta.total_results'; }

# ---------------------------------------------------------------------------------------------
# Credentials and the SIPp injection files
# ---------------------------------------------------------------------------------------------
create_credentials() {
    local connection_id out="$WORK/create.txt" users
    users="$WORK/users$(jar_suffix).csv"
    connection_id=$(create_connection sipb sip-bench)
    [[ -n $connection_id && $connection_id != null ]] || die "could not create the credential connection"
    log "creating $SIP_BENCH_CREDENTIALS on-demand credentials (32 concurrent clients)"
    # Spare credentials: SIPp 3.6 finds "CSeq" anywhere in a message, so a login name that happens
    # to contain it (about 1 in 50,000) would fail every registration; such names are skipped.
    local spares=$(( SIP_BENCH_CREDENTIALS / 5000 + 10 ))
    "$JDK/bin/java" "$BENCH_DIR/CreateCredentials.java" "$BASE_URL" "$API_KEY" "$connection_id" \
        "$((SIP_BENCH_CREDENTIALS + spares))" 32 "$WORK/created.csv" >"$out" 2>&1 || { cat "$out" >&2; die "creating the credentials failed"; }
    awk -F';' -v n="$SIP_BENCH_CREDENTIALS" 'NR == 1 || (tolower($1) !~ /cseq/ && kept++ < n)' "$WORK/created.csv" >"$users"
    (( $(wc -l <"$users") == SIP_BENCH_CREDENTIALS + 1 )) || die "too few usable credentials in $WORK/created.csv"
    CREATE_INFO=$(sed -n 's/^created //p' "$out")
    log "created: $CREATE_INFO"
    rm -f "${users%.csv}"-[0-9]*.csv
}

# With SIP_BENCH_DATA_DIR set (and no baseline jar), the database and the credentials are kept there,
# so that another run with as many credentials skips creating them (a million take a quarter of an hour).
kept_data_usable() {
    [[ -n ${SIP_BENCH_DATA_DIR:-} && -z $SIP_BENCH_BASELINE_JAR && -f ${SIP_BENCH_DATA_DIR}/users.csv ]] || return 1
    (( $(wc -l <"$SIP_BENCH_DATA_DIR/users.csv") == SIP_BENCH_CREDENTIALS + 1 ))
}

keep_data() {
    [[ -n ${SIP_BENCH_DATA_DIR:-} && -z $SIP_BENCH_BASELINE_JAR ]] || return 0
    printf '%s' "$API_KEY" >"$SIP_BENCH_DATA_DIR/api-key"
    cp "$WORK/users.csv" "$SIP_BENCH_DATA_DIR/users.csv"
}

# users_slice PROCS INDEX: the injection file of SIPp process INDEX (0-based) of PROCS: every
# PROCS-th user (of the current server), so that the processes register disjoint users.
users_slice() {
    local procs=$1 index=$2 users file
    users="$WORK/users$(jar_suffix).csv" file="$WORK/users$(jar_suffix)-$1-$2.csv"
    if [[ ! -f $file ]]; then
        { echo SEQUENTIAL; tail -n +2 "$users" | awk -v p="$procs" -v i="$index" '(NR - 1) % p == i'; } >"$file"
    fi
    echo "$file"
}

# ---------------------------------------------------------------------------------------------
# One trial: PROCS SIPp processes register at RATE in all, for SECONDS
# ---------------------------------------------------------------------------------------------
sipp_procs_for() {
    local rate=$1
    if [[ -n $SIP_BENCH_SIPP_PROCS ]]; then echo "$SIP_BENCH_SIPP_PROCS"; return; fi
    echo $(( (rate + SIP_BENCH_RATE_PER_SIPP - 1) / SIP_BENCH_RATE_PER_SIPP ))
}

# stat_col FILE NAME: the last value of column NAME in a SIPp -trace_stat file.
stat_col() {
    awk -F';' -v name="$2" 'NR == 1 {for (i = 1; i <= NF; i++) if ($i == name) c = i; next}
        {v = $c} END {print (c && v != "" ? v : 0)}' "$1"
}

# Datagrams dropped because a UDP socket's receive buffer was full: the server's SIP socket ("d" of
# ss -m), and all sockets of the machine (RcvbufErrors of /proc/net/snmp: SIPp's too).
# The server may serve its UDP port from several sockets (TELCRED_SIP_UDP_THREADS): their drops are summed.
server_udp_drops() { ss -Huanm "sport = :$SIP_PORT" 2>/dev/null | sed -n 's/.*,d\([0-9]*\)).*/\1/p' | awk '{s += $1} END {print s + 0}'; }
all_udp_drops() { awk '/^Udp:/ && $2 ~ /^[0-9]+$/ {print $6; exit}' /proc/net/snmp; }

jstat_gc() {  # "collections seconds" of all collections so far (young, full and concurrent cycles' pauses)
    "$JDK/bin/jstat" -gc "$SERVER_PID" 2>/dev/null | awk 'NR == 1 {for (i = 1; i <= NF; i++) h[$i] = i; next}
        {print $h["YGC"] + $h["FGC"], $h["YGCT"] + $h["FGCT"]}'
}

# run_trial LABEL PHASE RATE SECONDS PASS: one trial; appends a line to $TRIALS and sets TRIAL_OK (1/0),
# TRIAL_REASON, TRIAL_OTHER (other processes' CPU, % of a core) and TRIAL_DIR.
#   $TRIALS columns: 1 jdk, 2 phase, 3 target rate, 4 procs, 5 seconds, 6 created, 7 successful, 8 failed,
#   9 retransmissions, 10 unexpected, 11 timeouts, 12 dead+out-of-call msgs, 13 achieved call rate,
#   14 server CPU us/reg, 15 server CPU %, 16 SIPp CPU % (sum), 17 busiest SIPp CPU %, 18 other %,
#   19 verdict (PASS/FAIL), 20 reason, 21 unexpected response codes, 22 GC collections, 23 GC pause ms,
#   24 registrations taking 200 ms or more, 25 load average at the start, 26 RSS MB after, 27 longest GC pause ms,
#   28 datagrams dropped at the server's full UDP receive buffer, 29 dropped at any UDP socket (SIPp's included)
run_trial() {
    local label=$1 phase=$2 rate=$3 secs=$4 pass=$5
    local procs i dir
    procs=$(sipp_procs_for "$rate")
    TRIAL_DIR=$(mktemp -d "$WORK/trial-$phase-$rate-XXXX")
    local loadavg; loadavg=$(cut -d' ' -f1 /proc/loadavg)
    local ticks_before ticks_after busy_before busy_after t_start t_end gc_before gc_after
    local -a ports=()
    for ((i = 0; i < procs; i++)); do ports+=("$(free_port)"); done
    local drops_before all_drops_before
    drops_before=$(server_udp_drops); all_drops_before=$(all_udp_drops)
    gc_before=$(jstat_gc)
    local gc_lines_before; gc_lines_before=$(wc -l <"$GC_LOG" 2>/dev/null || echo 0)
    busy_before=$(machine_busy_ticks)
    ticks_before=$(cpu_ticks "$SERVER_PID")
    local sys_before sys_after; sys_before=$(sys_ticks "$SERVER_PID")
    t_start=$(date +%s%N)
    SIPP_PIDS=()
    for ((i = 0; i < procs; i++)); do
        dir="$TRIAL_DIR/sipp$i"
        mkdir -p "$dir"
        local r=$(( rate / procs + (i < rate % procs ? 1 : 0) ))
        local m=$(( r * secs ))
        # -l: at most one second's worth of registrations in progress; a server that stalls makes SIPp
        # fall behind the rate instead of piling up calls. -recv_timeout: a registration waiting 5 s
        # for an answer fails. SIPp retransmits an unanswered request after 500 ms (retrans="500").
        # -t un -max_socket: each SIPp sends from SIP_BENCH_SIPP_SOCKETS source ports, as that many phones
        # would, instead of one; a server that spreads sources over threads is then measured as it runs.
        # -buff_size: SIPp's socket buffers (default 64 KB) overflow when the server answers a burst
        # after a pause (a GC): the lost answers come back as SIPp retransmissions, which would measure
        # SIPp's socket, not the server. 4 MB (net.core.rmem_max caps it; see SIPP_BUFFER_BYTES).
        (cd "$dir" && exec /usr/bin/time -o "$dir/time.txt" -f '%U %S %e' \
            "$SIPP" "127.0.0.1:$SIP_PORT" -sf "$SCENARIO" -inf "$(users_slice "$procs" "$i")" \
            -key pass "$pass" -auth_uri "$DOMAIN" -t un -max_socket "$SIP_BENCH_SIPP_SOCKETS" -i 127.0.0.1 -p "${ports[$i]}" \
            -r "$r" -rp 1000 -m "$m" -l "$(( r > 1000 ? r : 1000 ))" -buff_size "$SIPP_BUFFER_BYTES" \
            -recv_timeout 5000 -timeout "$((secs + 60))s" -timeout_error -nostdin -default_behaviors none \
            -max_recv_loops 10000 -max_sched_loops 10000 \
            -trace_err -error_file "$dir/errors.log" -trace_screen -screen_file "$dir/screen.log" \
            -trace_stat -stf "$dir/stat.csv" -fd 1 >"$dir/stdout.txt" 2>"$dir/stderr.txt") &
        SIPP_PIDS+=($!)
    done
    local pid rc=0
    for pid in "${SIPP_PIDS[@]}"; do wait "$pid" || rc=$?; done
    SIPP_PIDS=()
    t_end=$(date +%s%N)
    ticks_after=$(cpu_ticks "$SERVER_PID")
    sys_after=$(sys_ticks "$SERVER_PID")
    busy_after=$(machine_busy_ticks)
    gc_after=$(jstat_gc)
    local drops drops_all
    drops=$(( $(server_udp_drops || echo 0) - ${drops_before:-0} ))
    drops_all=$(( $(all_udp_drops || echo 0) - ${all_drops_before:-0} ))
    kill -0 "$SERVER_PID" 2>/dev/null || die "the server died during $phase at $rate/s (log: $SERVER_LOG)"

    # Sum SIPp's own figures over the processes.
    local created=0 ok=0 failed=0 retrans=0 unexpected=0 timeouts=0 stray=0 achieved=0 slow=0
    local sipp_cpu=0 sipp_max=0 codes=""
    for ((i = 0; i < procs; i++)); do
        dir="$TRIAL_DIR/sipp$i"
        if [[ ! -s $dir/stat.csv ]]; then
            note "$label $phase $rate/s: SIPp process $i wrote no statistics; its stderr: $(head -c 300 "$dir/stderr.txt" | tr '\n' ' ')"
            failed=$((failed + 1)); continue
        fi
        local s=$dir/stat.csv
        created=$((created + $(stat_col "$s" TotalCallCreated)))
        ok=$((ok + $(stat_col "$s" 'SuccessfulCall(C)')))
        failed=$((failed + $(stat_col "$s" 'FailedCall(C)')))
        retrans=$((retrans + $(stat_col "$s" 'Retransmissions(C)')))
        unexpected=$((unexpected + $(stat_col "$s" 'FailedUnexpectedMessage(C)')))
        timeouts=$((timeouts + $(stat_col "$s" 'FailedTimeoutOnRecv(C)') + $(stat_col "$s" 'FailedMaxUDPRetrans(C)')))
        stray=$((stray + $(stat_col "$s" 'DeadCallMsgs(C)') + $(stat_col "$s" 'OutOfCallMsgs(C)')))
        slow=$((slow + $(stat_col "$s" 'ResponseTimeRepartitionreg_<500') + $(stat_col "$s" 'ResponseTimeRepartitionreg_>=500')))
        achieved=$(calc "$achieved + $(stat_col "$s" 'CallRate(C)')")
        if [[ -s $dir/time.txt ]]; then
            local u sy wall pct
            read -r u sy wall < <(tail -1 "$dir/time.txt")
            pct=$(calc "($u + $sy) * 100 / ($wall > 0 ? $wall : 1)")
            sipp_cpu=$(calc "$sipp_cpu + $pct")
            sipp_max=$(calc "($pct > $sipp_max ? $pct : $sipp_max)")
        fi
        [[ -f $dir/errors.log ]] && cat "$dir/errors.log" >>"$TRIAL_DIR/errors-all.log"
    done
    if [[ -s $TRIAL_DIR/errors-all.log ]]; then
        # SIPp's error log: "Aborting call on unexpected message ... received 'SIP/2.0 403 ...'" (a failure),
        # "Dead call ... received 'SIP/2.0 200 ...'" (a late answer, e.g. to a retransmission, after the call ended),
        # "Continuing call on unexpected message ... 401" (a second 401, answering a retransmitted first REGISTER).
        codes=$(awk '/received .SIP\/2\.0 [0-9]+/ {
                kind = /Dead call/ ? "late" : /Aborting call on unexpected/ ? "aborted-on" : /Continuing call on unexpected/ ? "duplicate" : "other"
                match($0, /received .SIP\/2\.0 [0-9]+/); code = substr($0, RSTART + RLENGTH - 3, 3); n[kind " " code]++ }
            END {for (k in n) printf "%s%s x%d", (m++ ? ", " : ""), k, n[k]}' "$TRIAL_DIR/errors-all.log")
    fi
    local wall_s server_ticks server_pct us_per_reg busy_pct other_pct
    wall_s=$(calc "($t_end - $t_start) / 1e9")
    server_ticks=$((ticks_after - ticks_before))
    server_pct=$(calc "$server_ticks / $CLK_TCK / $wall_s * 100")
    us_per_reg=$(calc "($ok > 0 ? $server_ticks / $CLK_TCK * 1e6 / $ok : 0)")
    busy_pct=$(calc "($busy_after - $busy_before) / $CLK_TCK / $wall_s * 100")
    other_pct=$(calc "($busy_pct - $server_pct - $sipp_cpu > 0 ? $busy_pct - $server_pct - $sipp_cpu : 0)")
    local gcn gct gcmax
    # The longest pause during the trial, from the GC log (-Xlog:gc): "... Pause Young (Normal) ... 123.456ms".
    gcmax=$(tail -n +"$((gc_lines_before + 1))" "$GC_LOG" 2>/dev/null | sed -n 's/.*Pause.* \([0-9.]*\)ms$/\1/p' | sort -g | tail -1)
    gcn=$(calc "${gc_after% *} - ${gc_before% *}")
    gct=$(calc "(${gc_after#* } - ${gc_before#* }) * 1000")

    TRIAL_OK=1 TRIAL_REASON="ok"
    local expected=$((rate * secs))
    if ((failed > 0)); then TRIAL_OK=0 TRIAL_REASON="$failed failed"; fi
    if ((retrans > 0)); then TRIAL_OK=0 TRIAL_REASON="${TRIAL_REASON/#ok/}${TRIAL_REASON:+; }$retrans retransmissions"; fi
    if ((stray > 0)); then TRIAL_OK=0 TRIAL_REASON="${TRIAL_REASON/#ok/}${TRIAL_REASON:+; }$stray stray msgs"; fi
    if ((ok < expected)); then TRIAL_OK=0 TRIAL_REASON="${TRIAL_REASON/#ok/}${TRIAL_REASON:+; }$ok of $expected succeeded"; fi
    # A trial of a few seconds (the memory passes) is dominated by SIPp's start: no rate criterion there.
    if ((secs >= 5)) && awk "BEGIN {exit !($achieved < 0.95 * $rate)}"; then
        TRIAL_OK=0 TRIAL_REASON="${TRIAL_REASON/#ok/}${TRIAL_REASON:+; }SIPp reached only $(printf '%.0f' "$achieved")/s"
    fi
    ((rc != 0 && TRIAL_OK == 1)) && TRIAL_OK=0 TRIAL_REASON="SIPp exit status $rc"
    TRIAL_REASON=${TRIAL_REASON#; }
    TRIAL_OTHER=$(printf '%.0f' "$other_pct")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.0f\t%.1f\t%.0f\t%.0f\t%.0f\t%.0f\t%s\t%s\t%s\t%s\t%.0f\t%s\t%s\t%.0f\t%.0f\t%s\t%s\n' \
        "$label" "$phase" "$rate" "$procs" "$secs" "$created" "$ok" "$failed" "$retrans" "$unexpected" "$timeouts" \
        "$stray" "$achieved" "$us_per_reg" "$server_pct" "$sipp_cpu" "$sipp_max" "$other_pct" \
        "$([[ $TRIAL_OK == 1 ]] && echo PASS || echo FAIL)" "$TRIAL_REASON" "${codes:--}" "$gcn" "$gct" "$slow" \
        "$loadavg" "$(calc "$(rss_kb "$SERVER_PID") / 1024")" "${gcmax:-0}" "$drops" "$drops_all" >>"$TRIALS"
    log "$label $phase $rate/s ($procs SIPp): $([[ $TRIAL_OK == 1 ]] && echo PASS || echo FAIL) ($TRIAL_REASON);" \
        "ok $ok/$expected, achieved $(printf '%.0f' "$achieved")/s, server $(printf '%.1f' "$us_per_reg") us/reg" \
        "($(calc "($server_ticks > 0 ? ($sys_after - $sys_before) * 100 / $server_ticks : 0)" | xargs printf '%.0f')% in the kernel)" \
        "$(printf '%.0f' "$server_pct")% CPU, SIPp $(printf '%.0f' "$sipp_cpu")% (busiest $(printf '%.0f' "$sipp_max")%)," \
        "other ${TRIAL_OTHER}%, GC $gcn/$(printf '%.0f' "$gct") ms (longest ${gcmax:-0} ms), UDP drops server $drops / all $drops_all${codes:+, SIPp error log: $codes}"
    if [[ $TRIAL_OK == 0 ]]; then
        # Keep SIPp's files of a failed trial: statistics, screens, the unexpected messages.
        mkdir -p "$KEEP_DIR"
        local keep
        keep="$KEEP_DIR/$label-$phase-$rate-$(basename "$TRIAL_DIR")"
        cp -r "$TRIAL_DIR" "$keep"
        echo "${keep#"$ROOT"/}" >"$TRIAL_DIR/kept"
    fi
}

# measure LABEL PHASE RATE SECONDS PASS: a trial after waiting for a quiet machine; a failed or disturbed
# one is repeated up to SIP_BENCH_RETRIES times when other processes took CPU meanwhile, and the best
# attempt is kept (a pass over a fail, then the least disturbed). The kept line ends $TRIALS.
measure() {
    local attempt best="" best_ok=0 best_other=100000 line
    for ((attempt = 0; attempt <= SIP_BENCH_RETRIES; attempt++)); do
        wait_for_quiet "$SIP_BENCH_QUIET_WAIT" "$SIP_BENCH_QUIET_MAX_PCT"
        run_trial "$@"
        line=$(tail -1 "$TRIALS"); sed -i '$d' "$TRIALS"
        if [[ -z $best ]] || ((TRIAL_OK > best_ok)) || ((TRIAL_OK == best_ok && TRIAL_OTHER < best_other)); then
            best=$line best_ok=$TRIAL_OK best_other=$TRIAL_OTHER
        fi
        if ((TRIAL_OK == 0)); then
            note "$1 $2 $3/s attempt $((attempt + 1)): FAIL ($TRIAL_REASON); SIPp error log: $(echo "$line" | cut -f21); other processes ${TRIAL_OTHER}% of a core, $(load_note); SIPp files: $(cat "$TRIAL_DIR/kept" 2>/dev/null || echo -)"
        fi
        ((best_ok == 1 && best_other <= SIP_BENCH_MAX_OTHER_PCT)) && break
        ((best_ok == 1)) && [[ $2 != fixed ]] && break
        ((TRIAL_OTHER <= SIP_BENCH_MAX_OTHER_PCT && TRIAL_OK == 0)) && break   # a clean failure is the answer
        ((attempt < SIP_BENCH_RETRIES)) && log "other processes took ${TRIAL_OTHER}% of a core during that trial; repeating it"
    done
    printf '%s\n' "$best" >>"$TRIALS"
    TRIAL_OK=$best_ok
}

# ---------------------------------------------------------------------------------------------
# Phases
# ---------------------------------------------------------------------------------------------
warm_up() {
    local rate=$(( SIP_BENCH_FIXED_RATE / 2 ))
    log "$JDK_LABEL: warming up at $rate/s for $SIP_BENCH_WARMUP_SECONDS s (also loads the $SIP_BENCH_CREDENTIALS logins into the directory)"
    run_trial "$JDK_LABEL" warmup "$rate" "$SIP_BENCH_WARMUP_SECONDS" 0
}

# The highest rate passing with no failure, retransmission or stray message: up by SIP_BENCH_STEP while
# passing, then bisection between the last pass and the first failure.
rate_search() {
    local rate=$SIP_BENCH_START_RATE lo=0 hi=0
    while :; do
        measure "$JDK_LABEL" search "$rate" "$SIP_BENCH_SECONDS" 0
        if ((TRIAL_OK == 1)); then
            lo=$rate
            ((hi > 0)) && break
            ((rate >= SIP_BENCH_MAX_RATE)) && break
            rate=$(calc "int($rate * $SIP_BENCH_STEP / 50 + 0.5) * 50")
            ((rate > SIP_BENCH_MAX_RATE)) && rate=$SIP_BENCH_MAX_RATE
        else
            hi=$rate
            ((lo > 0)) && break
            rate=$(calc "int($rate / $SIP_BENCH_STEP / 50 + 0.5) * 50")
            ((rate < 100)) && break
        fi
    done
    while ((lo > 0 && hi > 0)) && awk "BEGIN {exit !(($hi - $lo) / $lo > $SIP_BENCH_RESOLUTION)}"; do
        rate=$(calc "int(($lo + $hi) / 2 / 50 + 0.5) * 50")
        ((rate <= lo || rate >= hi)) && break
        measure "$JDK_LABEL" search "$rate" "$SIP_BENCH_SECONDS" 0
        if ((TRIAL_OK == 1)); then lo=$rate; else hi=$rate; fi
    done
    printf '%s\t%s\t%s\n' "$JDK_LABEL" "$lo" "$hi" >>"$WORK/search.tsv"
    log "$JDK_LABEL: highest passing rate $lo/s (first failing ${hi:-none}/s)"
}

# With a baseline jar, each run is made on both servers in turn, the baseline's first.
fixed_rate_runs() {
    local name
    for _ in $(seq 1 "$SIP_BENCH_RUNS"); do
        for name in "${JAR_NAMES[@]}"; do
            switch_server "$name"
            measure "$JDK_LABEL" fixed "$SIP_BENCH_FIXED_RATE" "$SIP_BENCH_SECONDS" 0
        done
    done
}

jfr_run() {
    local file="$KEEP_DIR/$JDK_LABEL-fixed-$SIP_BENCH_FIXED_RATE.jfr"
    mkdir -p "$KEEP_DIR"
    wait_for_quiet "$SIP_BENCH_QUIET_WAIT" "$SIP_BENCH_QUIET_MAX_PCT"
    "$JDK/bin/jcmd" "$SERVER_PID" JFR.start name=sipbench settings=profile filename="$file" >/dev/null
    run_trial "$JDK_LABEL" jfr "$SIP_BENCH_FIXED_RATE" "$SIP_BENCH_SECONDS" 0
    "$JDK/bin/jcmd" "$SERVER_PID" JFR.stop name=sipbench >/dev/null
    summarize_jfr "$file" "$JDK_LABEL, $SIP_BENCH_FIXED_RATE registrations/s for $SIP_BENCH_SECONDS s ($(tail -1 "$TRIALS" | cut -f19-20 | tr '\t' ' '))" >>"$PROFILES"
}

# heap_live_kb: heap in use after a full collection (GC.run, then GC.heap_info's "used").
heap_live_kb() {
    "$JDK/bin/jcmd" "$SERVER_PID" GC.run >/dev/null
    "$JDK/bin/jcmd" "$SERVER_PID" GC.heap_info | awk '/used/ {for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i + 1); sub(/K.*/, "", v); print v; exit}}'
}

# histogram FILE: the live objects by class (GC.class_histogram makes a full collection first).
histogram() { "$JDK/bin/jcmd" "$SERVER_PID" GC.class_histogram >"$1"; }
histogram_total() { awk '/^Total/ {print $3}' "$1"; }

# settle: let the per-registration state that outlives a REGISTER go before the heap is weighed: UDP
# server transactions (64 x T1 = 32 s) and nonce counts (nonce lifetime + 5 s). Caffeine (3.3) removes
# expired nonce counts only when the table is written, and at most about 1,000 per write (seen: 5,000
# expired entries, one write -> 4,000 left): 100 refreshing registrations clear up to 100,000. Their own
# transactions then get 34 s to expire too.
settle() {
    log "$JDK_LABEL: waiting $MEMORY_SETTLE_SECONDS s for transactions and nonce counts to expire"
    sleep "$MEMORY_SETTLE_SECONDS"
    run_trial "$JDK_LABEL" memory-poke 50 2 1 2>/dev/null
    sed -i '$d' "$TRIALS"
    ((TRIAL_OK == 1)) || note "$JDK_LABEL: the registrations after the wait failed ($TRIAL_REASON): expired nonce counts may still be held"
    sleep 34
}

# memory_pass PASS: every credential registers the contact ...;pass=PASS, adding one binding each. The
# first pass runs on a cold JVM and an empty directory (every login is loaded from the database), so
# it goes slower; a pass that left bindings missing (failed registrations) is repeated once.
memory_pass() {
    local pass=$1 rate expected attempt total
    rate=$(( pass == 1 ? 1000 : SIP_BENCH_FIXED_RATE / 2 ))
    expected=$(( pass * SIP_BENCH_CREDENTIALS ))
    for attempt in 1 2; do
        run_trial "$JDK_LABEL" memory "$rate" $(( (SIP_BENCH_CREDENTIALS + rate - 1) / rate )) "$pass"
        ((TRIAL_OK == 1)) && return 0
        total=$(registrations_total)
        ((total >= expected)) && return 0
        note "$JDK_LABEL: memory pass $pass left $total bindings of $expected; running it again"
    done
}

# Heap per binding: a fresh JVM on the same database (bindings live in memory only, and the directory
# starts empty), then 1 and 10 bindings per credential.
memory_phase() {
    log "$JDK_LABEL: memory phase: restarting the server on the same database"
    stop_server
    start_server "$JDK" "$DATA_DIR" TELCRED_SIP_NONCE_LIFETIME_SECONDS="$MEMORY_NONCE_LIFETIME_SECONDS"
    sleep 5
    local before after1 after1_now afterN afterN_now total1 totalN pass
    local h0="$WORK/histo-$JDK_LABEL-0.txt" h1="$WORK/histo-$JDK_LABEL-1.txt" hn="$WORK/histo-$JDK_LABEL-n.txt"
    before=$(heap_live_kb); histogram "$h0"
    log "$JDK_LABEL: live heap before any registration: $before KB"
    memory_pass 1
    after1_now=$(heap_live_kb)
    settle
    total1=$(registrations_total)
    after1=$(heap_live_kb); histogram "$h1"
    log "$JDK_LABEL: $total1 bindings: live heap $after1 KB (right after the pass: $after1_now KB)"
    for pass in $(seq 2 "$SIP_BENCH_BINDINGS"); do
        memory_pass "$pass"
    done
    afterN_now=$(heap_live_kb)
    settle
    totalN=$(registrations_total)
    afterN=$(heap_live_kb); histogram "$hn"
    log "$JDK_LABEL: $totalN bindings: live heap $afterN KB (right after the passes: $afterN_now KB)"
    local hist_growth
    # What grew between 1 and N bindings per credential, by class.
    hist_growth=$(awk 'FNR == NR && /^ *[0-9]+:/ {b[$4] = $3; next}
        /^ *[0-9]+:/ {d = $3 - b[$4]; if (d > 0) printf "%d\t%s\n", d, $4}' "$h1" "$hn" | sort -rn | head -10 \
        | awk -v n="$((totalN - total1))" '{printf "      %8.1f B/binding  %s\n", $1 / (n > 0 ? n : 1), $2}')
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$JDK_LABEL" "$before" "$total1" "$after1" "$after1_now" \
        "$totalN" "$afterN" "$afterN_now" "$(histogram_total "$h0")" "$(histogram_total "$h1")" "$(histogram_total "$hn")" \
        "$(rss_kb "$SERVER_PID")" >>"$MEMORY"
    {
        echo "Heap growth by class from $total1 to $totalN bindings ($JDK_LABEL, GC.class_histogram), per added binding:"
        echo "$hist_growth"
        echo "  Instances at 0 / $total1 / $totalN bindings (GC.class_histogram):"
        local cls
        for cls in io.telcred.location.Binding io.telcred.directory.Login io.telcred.sip.transaction.ServerTransaction \
                   'java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask'; do
            printf '    %-45s %s\n' "$cls" "$(for h in "$h0" "$h1" "$hn"; do awk -v c="$cls" '$4 == c {n = $2} END {printf "%d ", n}' "$h"; done)"
        done
    } >>"$WORK/memory-notes.txt"
    ((totalN == SIP_BENCH_CREDENTIALS * SIP_BENCH_BINDINGS)) \
        || note "$JDK_LABEL: GET /v2/registrations counts $totalN bindings, not $((SIP_BENCH_CREDENTIALS * SIP_BENCH_BINDINGS))"
}

# Heap per registered user at SIP_BENCH_CREDENTIALS users: a fresh JVM on the same database (the
# directory and the location start empty), every credential registers once (its login read from the
# database), then the live heap after a full GC, everything included: directory, bindings and their
# indexes, the database's caches, whatever else grew. Then SIP_BENCH_RUNS refresh runs at the fixed
# rate: registration rate and server CPU per registration at that size.
scale_phase() {
    log "$JDK_LABEL: scale phase: restarting the server on the same database"
    stop_server
    start_server "$JDK" "$DATA_DIR" TELCRED_SIP_NONCE_LIFETIME_SECONDS="$MEMORY_NONCE_LIFETIME_SECONDS"
    sleep 5
    local before after after_now total run rate=$SIP_BENCH_SCALE_FIRST_RATE attempt
    local h0="$WORK/histo-$JDK_LABEL-scale0.txt" h1="$WORK/histo-$JDK_LABEL-scale1.txt"
    before=$(heap_live_kb); histogram "$h0"
    log "$JDK_LABEL: live heap before any registration: $before KB"
    for attempt in 1 2; do
        run_trial "$JDK_LABEL" scale-first "$rate" $(( (SIP_BENCH_CREDENTIALS + rate - 1) / rate )) 1
        total=$(registrations_total)
        ((total >= SIP_BENCH_CREDENTIALS)) && break
        note "$JDK_LABEL: the first registrations left $total of $SIP_BENCH_CREDENTIALS users registered; registering all again"
    done
    after_now=$(heap_live_kb)
    settle
    total=$(registrations_total)
    after=$(heap_live_kb); histogram "$h1"
    log "$JDK_LABEL: $total users registered: live heap $after KB (right after the registrations: $after_now KB)"
    for ((run = 1; run <= SIP_BENCH_RUNS; run++)); do
        measure "$JDK_LABEL" scale-refresh "$SIP_BENCH_FIXED_RATE" "$SIP_BENCH_SECONDS" 1
    done
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$JDK_LABEL" "$before" "$total" "$after" "$after_now" "$(rss_kb "$SERVER_PID")" >>"$WORK/scale.tsv"
    {
        echo "Heap growth by class from 0 to $total registered users ($JDK_LABEL, GC.class_histogram), per user:"
        awk 'FNR == NR && /^ *[0-9]+:/ {b[$4] = $3; n[$4] = $2; next}
            /^ *[0-9]+:/ {d = $3 - b[$4]; if (d > 0) printf "%d\t%d\t%s\n", d, $2 - n[$4], $4}' "$h0" "$h1" | sort -rn | head -14 \
            | awk -v n="$total" '{printf "      %8.1f B/user  %5.2f objects/user  %s\n", $1 / (n > 0 ? n : 1), $2 / (n > 0 ? n : 1), $3}'
    } >>"$WORK/memory-notes.txt"
    ((total == SIP_BENCH_CREDENTIALS)) \
        || note "$JDK_LABEL: GET /v2/registrations counts $total bindings, not $SIP_BENCH_CREDENTIALS"
}

# ---------------------------------------------------------------------------------------------
# JFR: where the server's time goes
# ---------------------------------------------------------------------------------------------
summarize_jfr() {
    local file=$1 title=$2
    [[ -f $file ]] || { echo "no JFR file for $title"; return; }
    echo
    echo "JFR profile: $title — ${file#"$ROOT"/}"
    "$JDK/bin/jfr" print --events jdk.ExecutionSample --stack-depth 96 "$file" | awk -f "$BENCH_DIR/jfr-buckets-sip.awk" -f "$BENCH_DIR/jfr-samples.awk"
    "$JDK/bin/jfr" summary "$file" 2>/dev/null | awk '$1 == "jdk.GarbageCollection" || $1 == "jdk.Compilation" || $1 == "jdk.JavaMonitorEnter" {printf "  %s events: %s\n", $1, $2}'
}

# ---------------------------------------------------------------------------------------------
# One JDK
# ---------------------------------------------------------------------------------------------
# With a baseline jar its server runs beside the tested one's (labelled JDK-base): both are started and
# warmed up, the fixed-rate runs alternate between them, then the baseline's server stops; the search and
# the profile are the tested jar's only; the baseline's memory phase runs right before the tested jar's.
bench_jdk() {
    JDK=$1
    local phases=" $SIP_BENCH_PHASES " name
    for name in "${JAR_NAMES[@]}"; do
        switch_server "$name"
        JDK_LABEL=$(jdk_version "$JDK")$(jar_suffix)
        if kept_data_usable; then
            DATA_DIR=$SIP_BENCH_DATA_DIR/data API_KEY=$(<"$SIP_BENCH_DATA_DIR/api-key")
            cp "$SIP_BENCH_DATA_DIR/users.csv" "$WORK/users$(jar_suffix).csv"
            log "$JDK_LABEL: reusing the database and the $SIP_BENCH_CREDENTIALS credentials kept in $SIP_BENCH_DATA_DIR"
            start_server "$JDK" "$DATA_DIR"
            CREATE_INFO="kept from an earlier run in $SIP_BENCH_DATA_DIR"
        else
            DATA_DIR=$(mktemp -d "$WORK/data-XXXX")
            if [[ -n ${SIP_BENCH_DATA_DIR:-} && -z $SIP_BENCH_BASELINE_JAR ]]; then
                rm -rf "$SIP_BENCH_DATA_DIR" && mkdir -p "$SIP_BENCH_DATA_DIR/data"
                DATA_DIR=$SIP_BENCH_DATA_DIR/data
            fi
            API_KEY=$(new_api_key)
            log "$JDK_LABEL: starting the server ($(load_note))"
            start_server "$JDK" "$DATA_DIR"
            create_credentials
            keep_data
        fi
        printf '%s\t%s\n' "$JDK_LABEL" "$CREATE_INFO" >>"$WORK/create.tsv"
        if [[ $phases == *" search "* || $phases == *" fixed "* || $phases == *" jfr "* ]]; then
            wait_for_quiet "$SIP_BENCH_QUIET_WAIT" "$SIP_BENCH_QUIET_MAX_PCT"
            warm_up
        fi
    done
    # The fixed rate first: after the search, the nonce counts of its overloaded trials fill the heap
    # for the nonce lifetime (300 s), and the collector, not the registration, would be measured.
    [[ $phases == *" fixed "* ]] && fixed_rate_runs
    if [[ -n $SIP_BENCH_BASELINE_JAR ]]; then
        switch_server baseline
        server_done
        stop_server
        switch_server tested
    fi
    [[ $phases == *" search "* ]] && rate_search
    [[ $phases == *" jfr "* && $SIP_BENCH_JFR == 1 ]] && jfr_run
    server_done
    for name in "${JAR_NAMES[@]}"; do
        switch_server "$name"
        if [[ $phases == *" memory "* ]]; then
            memory_phase
            check_server_log "$JDK_LABEL-memory"
        fi
        if [[ $phases == *" scale "* ]]; then
            scale_phase
            check_server_log "$JDK_LABEL-scale"
        fi
        stop_server
    done
}

# server_done: records the current server's peak RSS and checks its log, before the memory phase restarts it.
server_done() {
    printf '%s\t%s\n' "$JDK_LABEL" "$(hwm_kb "$SERVER_PID")" >>"$WORK/hwm.tsv"
    check_server_log "$JDK_LABEL"
}

# ---------------------------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------------------------
trial_col() {  # trial_col JDK PHASE COLUMN: that column of the kept trials of a phase, one per line
    awk -F'\t' -v j="$1" -v p="$2" -v c="$3" '$1 == j && $2 == p {print $c}' "$TRIALS"
}
fmt() {  # fmt FORMAT VALUE: printf of a number, or the value as it is (n/a)
    if [[ $2 =~ ^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$ ]]; then printf "$1" "$2"; else printf '%s' "${2:-n/a}"; fi
}
# binding_bytes LABEL: live heap per binding added from 1 to SIP_BENCH_BINDINGS per credential in the memory phase (n/a without).
binding_bytes() {
    local mem total1 after1 totalN afterN
    mem=$(awk -F'\t' -v j="$1" '$1 == j' "$MEMORY")
    [[ -n $mem ]] || { echo n/a; return; }
    IFS=$'\t' read -r _ _ total1 after1 _ totalN afterN _ <<<"$mem"
    calc "($afterN - $after1) * 1024 / (($totalN - $total1) > 0 ? ($totalN - $total1) : 1)"
}

report() {
    local jdk jdk_label label w
    w=$(label_width)
    echo "telcred SIP benchmark — $(date '+%Y-%m-%d %H:%M:%S %Z')"
    echo "machine: $(machine_info); $START_LOAD at the start, $(load_note) at the end"
    echo "jar: $JAR_INFO"
    if [[ -n $SIP_BENCH_BASELINE_JAR ]]; then
        echo "baseline jar: $BASELINE_INFO (rows JDK-base), its server beside the tested jar's: warmed up alike, each fixed-rate run made on both in turn; no search, no profile"
    fi
    echo "load generator: $({ "$SIPP" -v 2>&1 || true; } | grep -o 'SIPp v[^ ]*' | head -1) ($SIPP), scenario bench/sipp/register.xml over UDP on loopback:"
    echo "  one call = REGISTER -> 401 (challenges: ${SIP_BENCH_DIGEST_ALGORITHMS:-the server default, MD5}) -> REGISTER with a digest answer to the first challenge -> 200; Expires 3600;"
    echo "  one SIPp process per $SIP_BENCH_RATE_PER_SIPP reg/s of target rate (each single-threaded), disjoint users, -rp 1000, -l = 1 s of calls,"
    echo "  -buff_size $SIPP_BUFFER_BYTES (net.core.rmem_max = $(cat /proc/sys/net/core/rmem_max 2>/dev/null || echo ?))"
    echo "server: -Xms$SIP_BENCH_HEAP -Xmx$SIP_BENCH_HEAP, default collector (G1) ${SIP_BENCH_JAVA_OPTS:+, $SIP_BENCH_JAVA_OPTS}; H2; TELCRED_LOG_LEVEL=WARN; trusted 127.0.0.0/8"
    echo "credentials: $SIP_BENCH_CREDENTIALS on-demand credentials per JDK via REST (32 clients): $(awk -F'\t' '{printf "%s%s: %s", (n++ ? "; " : ""), $1, $2}' "$WORK/create.tsv" 2>/dev/null)"
    for jdk in "${JDKS[@]}"; do
        echo "JDK $(jdk_version "$jdk") at $jdk: $("$jdk/bin/java" -version 2>&1 | sed -n 2p)"
    done
    echo
    echo "Every trial (kept attempt). ok = registrations completed (of rate x seconds); fail/retr/unexp/tmo/stray = SIPp's failed calls,"
    echo "retransmissions, unexpected messages, timeouts, dead/out-of-call messages; slow = registrations that took 200 ms or more;"
    echo "drops = datagrams dropped at a full UDP receive buffer: the server's SIP socket / all sockets (SIPp's included);"
    echo "achv = SIPp's achieved call rate; us/reg = server"
    echo "CPU (utime+stime) / completed registrations; srv%/sipp% = CPU of the server / of all SIPp processes (100 = one core),"
    echo "max1 = the busiest SIPp process; oth% = everything else on the machine; GC = collections/total pause ms/longest pause ms"
    echo "during the trial (jstat, -Xlog:gc); load = 1-min load average at the start."
    printf '%-*s %-7s %6s %2s %7s %4s %5s %5s %5s %5s %5s %11s %7s %7s %5s %5s %4s %4s %12s %5s  %s\n' \
        "$w" JDK phase rate P ok fail retr unexp tmo stray slow drops achv/s us/reg srv% sipp% max1 oth% GC load verdict
    awk -F'\t' -v max="$SIP_BENCH_MAX_OTHER_PCT" -v w="$w" '{
        printf "%-" w "s %-7s %6s %2s %7s %4s %5s %5s %5s %5s %5s %11s %7.0f %7.1f %5.0f %5.0f %4.0f %4.0f%s %12s %5s  %s%s\n",
            $1, $2, $3, $4, $7, $8, $9, $10, $11, $12, $24, ($28 != "" ? $28 "/" $29 : "-"), $13, $14, $15, $16, $17, $18, ($18 > max ? "!" : " "),
            $22 "/" $23 ($27 != "" ? "/" $27 : ""), $25, $19, ($19 == "FAIL" ? " (" $20 ($21 != "-" ? "; SIPp error log: " $21 : "") ")" : "") }' "$TRIALS"
    echo "('!' = other processes took more than $SIP_BENCH_MAX_OTHER_PCT % of a core during the trial: its figures are skewed; distrust them.)"
    echo
    echo "Summary (medians of the $SIP_BENCH_RUNS fixed-rate runs; the memory figures from one pass each):"
    printf '%-*s %11s %12s%s %9s %9s %9s %12s %12s%s %12s %12s\n' "$w" JDK "max reg/s" "us/reg@$SIP_BENCH_FIXED_RATE" "$(ratio_head)" \
        "srv%" "sipp%" "max1%" "logins B/ea" "B/binding" "$(ratio_head)" "heap MB" "RSS MB"
    for jdk in "${JDKS[@]}"; do
        jdk_label=$(jdk_version "$jdk")
        for label in ${SIP_BENCH_BASELINE_JAR:+"$jdk_label-base"} "$jdk_label"; do
            local max_rate us srv sipp sippmax mem logins per_binding heap rss
            max_rate=$(awk -F'\t' -v j="$label" '$1 == j {print $2}' "$WORK/search.tsv" 2>/dev/null)
            us=$(trial_col "$label" fixed 14 | median)
            srv=$(trial_col "$label" fixed 15 | median)
            sipp=$(trial_col "$label" fixed 16 | median)
            sippmax=$(trial_col "$label" fixed 17 | median)
            mem=$(awk -F'\t' -v j="$label" '$1 == j' "$MEMORY")
            per_binding=$(binding_bytes "$label")
            if [[ -n $mem ]]; then
                local before total1 after1 afterN
                IFS=$'\t' read -r _ before total1 after1 _ _ afterN _ _ _ _ rss _ <<<"$mem"
                logins=$(calc "($after1 - $before) * 1024 / ($total1 > 0 ? $total1 : 1)")
                heap=$(calc "$afterN / 1024")
                rss=$(calc "$rss / 1024")
            else
                logins="n/a" heap="n/a" rss="n/a"
            fi
            printf '%-*s %11s %12s%s %9s %9s %9s %12s %12s%s %12s %12s\n' "$w" "$label" "${max_rate:-n/a}" \
                "$(fmt '%.1f' "$us")" "$(ratio_cell "$label" "$us" "$(trial_col "$label-base" fixed 14 | median)")" \
                "$(fmt '%.0f' "$srv")" "$(fmt '%.0f' "$sipp")" "$(fmt '%.0f' "$sippmax")" "$(fmt '%.0f' "$logins")" \
                "$(fmt '%.0f' "$per_binding")" "$(ratio_cell "$label" "$per_binding" "$(binding_bytes "$label-base")")" \
                "$(fmt '%.0f' "$heap")" "$(fmt '%.0f' "$rss")"
        done
    done
    echo "(max reg/s: highest rate passing $SIP_BENCH_SECONDS s with zero failed calls, retransmissions and unexpected or stray messages,"
    echo " searched up x$SIP_BENCH_STEP from $SIP_BENCH_START_RATE/s then bisected to $(calc "$SIP_BENCH_RESOLUTION * 100") %. us/reg: server CPU per completed registration at $SIP_BENCH_FIXED_RATE/s."
    echo " logins B/ea: live heap growth from no registration to 1 binding per credential, divided by the credentials: the directory's"
    echo " cached login + the first binding + the name's array. B/binding: live heap growth from 1 to $SIP_BENCH_BINDINGS bindings per credential,"
    echo " divided by the bindings added. Both after a full GC, once server transactions ($MEMORY_SETTLE_SECONDS s) and nonce counts (nonce"
    echo " lifetime set to $MEMORY_NONCE_LIFETIME_SECONDS s for this phase) of those registrations had expired. heap MB / RSS MB: live heap and process RSS at the end.)"
    if [[ -n $SIP_BENCH_BASELINE_JAR ]]; then
        echo "('/base' = the tested jar's figure / the baseline jar's (rows JDK-base) of the column to its left; below 1, the tested jar"
        echo " does better. The baseline has no rate search, so no ratio of rates: its fixed-rate runs alternated with the tested jar's.)"
    fi
    echo
    echo "Targets: >= $TARGET_REG_PER_S authenticated registrations/s; <= $TARGET_CPU_US_PER_REG us server CPU per registration; <= $TARGET_BYTES_PER_BINDING B per binding with $((SIP_BENCH_CREDENTIALS * SIP_BENCH_BINDINGS)) bindings"
    for jdk in "${JDKS[@]}"; do
        label=$(jdk_version "$jdk")
        local max_rate us per_binding disturbed
        max_rate=$(awk -F'\t' -v j="$label" '$1 == j {print $2}' "$WORK/search.tsv" 2>/dev/null)
        us=$(trial_col "$label" fixed 14 | median)
        per_binding=$(binding_bytes "$label")
        disturbed=$(awk -F'\t' -v j="$label" -v max="$SIP_BENCH_MAX_OTHER_PCT" '$1 == j && ($2 == "search" || $2 == "fixed") && $18 > max' "$TRIALS" | wc -l)
        printf '  %-8s %s reg/s %s; %s us/reg %s; %s B/binding %s%s\n' "$label" \
            "${max_rate:-n/a}" "$( [[ -n $max_rate ]] && pass "$max_rate >= $TARGET_REG_PER_S" || echo "n/a")" \
            "$(fmt '%.1f' "$us")" "$( [[ $us != n/a ]] && pass "$us <= $TARGET_CPU_US_PER_REG" || echo "n/a")" \
            "$(fmt '%.0f' "$per_binding")" "$( [[ $per_binding != n/a ]] && pass "$per_binding <= $TARGET_BYTES_PER_BINDING" || echo "n/a")" \
            "$( ((disturbed > 0)) && echo "  [$disturbed search/fixed trial(s) disturbed by other processes: marked '!' above]")"
    done
    if [[ -s $MEMORY ]]; then
        echo
        echo "Memory phase (live heap after a full GC, KB; 'now' = right after the registrations, transactions and nonce counts still held):"
        printf '  %-*s %10s %9s %10s %10s %9s %10s %10s %14s\n' "$w" JDK "0 bindings" "bindings" "heap" "heap now" "bindings" "heap" "heap now" "histogram B"
        awk -F'\t' -v w="$w" '{printf "  %-" w "s %10s %9s %10s %10s %9s %10s %10s %14s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9 "/" $10 "/" $11}' "$MEMORY"
        awk -F'\t' '{n = $6 - $3; if (n <= 0) n = 1
            printf "  %s: per binding %.0f B\n", $1, ($7 - $4) * 1024 / n}' "$MEMORY"
        echo "  ('histogram B' = GC.class_histogram totals at 0 / 1 / $SIP_BENCH_BINDINGS bindings per credential.)"
        local transient
        transient=$(awk -F'\t' '{printf "  %s: %.0f B of live heap per registration for a while after it (the answer to the authenticated REGISTER kept 64 x T1 = 32 s, a nonce count kept for the nonce lifetime + 5 s): (heap now - heap) / registrations of pass 1\n", $1, ($5 - $4) * 1024 / ($3 > 0 ? $3 : 1)}' "$MEMORY")
        echo "$transient"
        cat "$WORK/memory-notes.txt" 2>/dev/null
    fi
    if [[ -s $WORK/scale.tsv ]]; then
        echo
        echo "Scale phase: $SIP_BENCH_CREDENTIALS users, each registered once (live heap after a full GC, KB):"
        printf '  %-*s %10s %10s %10s %10s %10s %12s %12s %6s\n' "$w" JDK "0 users" "users" "heap" "heap now" "RSS" "B/user" "heap/user" target
        awk -F'\t' -v w="$w" -v t="$TARGET_BYTES_PER_USER" '{n = ($3 > 0 ? $3 : 1); per = ($4 - $2) * 1024 / n
            printf "  %-" w "s %10s %10s %10s %10s %10.0f %12.0f %12.0f %6s\n", $1, $2, $3, $4, $5, $6 / 1024, per, $4 * 1024 / n, (per < t ? "PASS" : "FAIL")}' "$WORK/scale.tsv"
        echo "  (B/user: (heap - heap at 0 users) / users, everything that grew: directory, bindings, indexes, database caches;"
        echo "   heap/user: the whole live heap / users; target: under $TARGET_BYTES_PER_USER B per registered user; RSS in MB)"
        for jdk_label in $(cut -f1 "$WORK/scale.tsv"); do
            echo "  $jdk_label first registrations (each login read from the database): $(trial_col "$jdk_label" scale-first 13 | tr '\n' ' ')reg/s achieved of $SIP_BENCH_SCALE_FIRST_RATE/s," \
                "$(trial_col "$jdk_label" scale-first 14 | tr '\n' ' ')us of server CPU per registration, $(trial_col "$jdk_label" scale-first 19 | tr '\n' ' ')"
            echo "  $jdk_label refreshes at that size, $SIP_BENCH_FIXED_RATE/s x $SIP_BENCH_SECONDS s: achieved $(trial_col "$jdk_label" scale-refresh 13 | tr '\n' ' ')reg/s" \
                "(median $(trial_col "$jdk_label" scale-refresh 13 | median)), server CPU $(trial_col "$jdk_label" scale-refresh 14 | tr '\n' ' ')us/reg" \
                "(median $(trial_col "$jdk_label" scale-refresh 14 | median)), $(trial_col "$jdk_label" scale-refresh 19 | tr '\n' ' ')"
        done
        [[ -s $MEMORY ]] || cat "$WORK/memory-notes.txt"
    fi
    if [[ -s $PROFILES ]]; then
        echo
        echo "Profiles (JFR, settings=profile, one extra run at $SIP_BENCH_FIXED_RATE/s; its figures carry the profiler's cost):"
        cat "$PROFILES"
    fi
    if [[ -s $NOTES ]]; then
        echo
        echo "Notes:"
        cat "$NOTES"
    fi
}

# ---------------------------------------------------------------------------------------------
main() {
    cd "$ROOT"
    mkdir -p "$RESULTS_DIR"
    command -v jq >/dev/null || die "jq is needed (apt-get install -y jq)"
    [[ -x /usr/bin/time ]] || die "/usr/bin/time is needed (apt-get install -y time)"
    find_sipp
    prepare_jar "${SIP_BENCH_JAR:-$ROOT/target/telcred.jar}" -o
    [[ -z $SIP_BENCH_BASELINE_JAR ]] || prepare_baseline_jar "$SIP_BENCH_BASELINE_JAR"
    START_LOAD=$(load_note)
    select_jdks "${SIP_BENCH_JDKS:-}"
    local jdk
    log "JDKs: ${JDKS[*]}; SIPp: $SIPP; $SIP_BENCH_SECONDS s per trial; phases: $SIP_BENCH_PHASES; $START_LOAD${SIP_BENCH_BASELINE_JAR:+; baseline jar $SIP_BENCH_BASELINE_JAR}"
    for jdk in "${JDKS[@]}"; do
        bench_jdk "$jdk"
    done
    report | tee "$RESULT_FILE"
    log "written to ${RESULT_FILE#"$ROOT"/}$( [[ -d $KEEP_DIR ]] && echo " (SIPp files, JFR recordings: ${KEEP_DIR#"$ROOT"/}/)")"
}

main "$@"
