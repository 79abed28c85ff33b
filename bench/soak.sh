#!/usr/bin/env bash
# Soak of one telcred node: a steady mixed load for SOAK_MINUTES (SIP registrations with digest auth,
# refreshes, unREGISTERs and expiries over UDP from SIPp; token mints through the REST API and WebRTC
# logins with some of those tokens, from bench/SoakClient.java), and every minute the live heap after a
# full collection. The heap must stay flat and nothing may fail.
#
#   bash bench/soak.sh                    # from the repo root; 30 minutes; see bench/README.md
#   SOAK_MINUTES=6 bash bench/soak.sh     # a quick look
#
# Settings (environment):
#   SOAK_MINUTES          minutes of load (default 30)
#   SOAK_WARMUP_MINUTES   the first minutes, left out of the heap's slope (default 3): caches and pools fill
#   SOAK_CREDENTIALS      on-demand credentials, the phones and browsers of the load (default 3000)
#   SOAK_REFRESH_RATE     registrations/s refreshing one binding of each credential in turn (default 450)
#   SOAK_CHURN_RATE       per second: one REGISTER of two new bindings, one of them removed a second later by an
#                         unREGISTER, the other left to expire after 60 s (default 50)
#   SOAK_MINT_RATE        token mints/s through the REST API (default 50)
#   SOAK_LOGIN_RATE       WebRTC logins/s, each with one of the minted tokens (default 10; at most SOAK_MINT_RATE)
#   SOAK_VERIFIED_TOKENS  the server's TELCRED_TOKEN_VERIFIED_CACHE_SIZE (default 1000): the cache of verified
#                         tokens grows by design to its size (100,000 by default, hours at this rate); a small one
#                         fills during the warm-up, so that its eviction runs and its filling is not taken for a leak
#   SOAK_NONCE_LIFETIME the server's TELCRED_SIP_NONCE_LIFETIME_SECONDS (default 60, against 300): the nonce counts
#                         are held for up to twice the lifetime (they go in generations), about 10 minutes at the
#                         default, which would fill during the run; at 60 s they level off within the warm-up
#   SOAK_MAX_GROWTH_PCT   the bound: the heap after full GC may grow at most this % of the heap per 10 minutes
#                         (default 1), by the least-squares slope over the minutes after the warm-up
#   SOAK_HEAP             server heap, -Xms = -Xmx (default 1g); the JDK's default collector (G1)
#   SOAK_JAVA_OPTS        extra JVM options for the server
#   SOAK_JDK              the JDK of the server, jcmd and the client (default JDK 17)
#   SOAK_JAR              the jar (default: BENCH_JAR, else target/telcred.jar, built if missing; a copy is used)
#   SOAK_SIPP             the SIPp binary (default: sipp from PATH, Debian's sip-tester, installed if missing)
#
# Output: a line a minute, then the summary; also written to bench/results/soak-<date>-<time>.txt, with the
# class histograms at the end of the warm-up and at the end, the GC log, and SIPp's error logs and the server
# log when they have anything, in bench/results/soak-<date>-<time>/ (bench/results/ is git-ignored).
# Exits 1 when the heap grew past the bound or anything failed.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/lib.sh
source "$ROOT/scripts/lib.sh"
BENCH_DIR="$ROOT/bench"
LOG_TAG=soak

SOAK_MINUTES=${SOAK_MINUTES:-30}
SOAK_WARMUP_MINUTES=${SOAK_WARMUP_MINUTES:-3}
SOAK_CREDENTIALS=${SOAK_CREDENTIALS:-3000}
SOAK_REFRESH_RATE=${SOAK_REFRESH_RATE:-450}
SOAK_CHURN_RATE=${SOAK_CHURN_RATE:-50}
SOAK_MINT_RATE=${SOAK_MINT_RATE:-50}
SOAK_LOGIN_RATE=${SOAK_LOGIN_RATE:-10}
SOAK_VERIFIED_TOKENS=${SOAK_VERIFIED_TOKENS:-1000}
SOAK_NONCE_LIFETIME=${SOAK_NONCE_LIFETIME:-60}
SOAK_MAX_GROWTH_PCT=${SOAK_MAX_GROWTH_PCT:-1}
SOAK_HEAP=${SOAK_HEAP:-1g}
SOAK_JAVA_OPTS=${SOAK_JAVA_OPTS:-}
SOAK_JDK=${SOAK_JDK:-/usr/lib/jvm/java-17-openjdk-amd64}
SOAK_JAR=${SOAK_JAR:-${BENCH_JAR:-}}

DOMAIN=sip.telcred.local
SIPP_SOCKETS=16              # source ports per SIPp process (-t un -max_socket), as that many phones
SIPP_BUFFER_BYTES=4194304    # SIPp's socket buffers: see "SIP" in bench/README.md
SIPP_STAT_SECONDS=5          # SIPp rewrites its statistics this often (-fd)
CLK_TCK=$(getconf CLK_TCK)
STAMP=$(date +%Y%m%d-%H%M%S)
RESULTS_DIR="$BENCH_DIR/results"
RESULT_FILE="$RESULTS_DIR/soak-$STAMP.txt"
KEEP_DIR="$RESULTS_DIR/soak-$STAMP"

WORK=$(mktemp -d /tmp/telcred-soak.XXXXXX)
NOTES="$WORK/notes.txt"
MINUTES_TSV="$WORK/minutes.tsv"   # one line a minute; columns: see monitor
: >"$NOTES"; : >"$MINUTES_TSV"

SERVER_PID=""
LOAD_PIDS=()

cleanup() {
    local pid
    for pid in "${LOAD_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    stop_server || true
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------
# Settings and prerequisites
# ---------------------------------------------------------------------------------------------
check_settings() {
    local name
    for name in SOAK_MINUTES SOAK_WARMUP_MINUTES SOAK_CREDENTIALS SOAK_REFRESH_RATE SOAK_CHURN_RATE SOAK_MINT_RATE \
        SOAK_LOGIN_RATE SOAK_VERIFIED_TOKENS SOAK_NONCE_LIFETIME; do
        [[ ${!name} =~ ^[0-9]+$ ]] || die "$name must be a whole number, not '${!name}'"
    done
    [[ $SOAK_MAX_GROWTH_PCT =~ ^[0-9]+([.][0-9]+)?$ ]] || die "SOAK_MAX_GROWTH_PCT must be a number, not '$SOAK_MAX_GROWTH_PCT'"
    [[ $SOAK_HEAP =~ ^[0-9]+[kKmMgG]$ ]] || die "SOAK_HEAP must be a JVM size such as 1g or 768m, not '$SOAK_HEAP'"
    ((SOAK_MINUTES >= SOAK_WARMUP_MINUTES + 3)) \
        || die "SOAK_MINUTES ($SOAK_MINUTES) must leave at least 3 minutes after the warm-up ($SOAK_WARMUP_MINUTES) for a slope"
    ((SOAK_CREDENTIALS >= 100)) || die "SOAK_CREDENTIALS must be at least 100, not $SOAK_CREDENTIALS"
    ((SOAK_REFRESH_RATE > 0 && SOAK_MINT_RATE > 0)) || die "SOAK_REFRESH_RATE and SOAK_MINT_RATE must be positive"
    ((SOAK_LOGIN_RATE <= SOAK_MINT_RATE)) || die "SOAK_LOGIN_RATE ($SOAK_LOGIN_RATE) cannot exceed SOAK_MINT_RATE ($SOAK_MINT_RATE): each login uses a minted token"
    [[ -x $SOAK_JDK/bin/java && -x $SOAK_JDK/bin/jcmd ]] || die "SOAK_JDK=$SOAK_JDK has no bin/java and bin/jcmd"
}

find_sipp() {
    if [[ -n ${SOAK_SIPP:-} ]]; then
        [[ -x $SOAK_SIPP ]] || die "SOAK_SIPP=$SOAK_SIPP is not an executable"
        SIPP=$SOAK_SIPP
    else
        ensure_package sipp sip-tester
        SIPP=$(command -v sipp)
    fi
}

# ---------------------------------------------------------------------------------------------
# The server: the jar's defaults (embedded H2 in a fresh data directory), on loopback ports
# ---------------------------------------------------------------------------------------------
start_server() {
    local port
    port=$(free_port)
    SIP_PORT=$(free_port)
    [[ $SIP_PORT == "$port" ]] && SIP_PORT=$(free_port)
    BASE_URL="http://127.0.0.1:$port"
    SERVER_LOG="$WORK/server.log"
    GC_LOG="$WORK/gc.log"
    API_KEY=$(new_api_key)
    server_env "$WORK/data" "$port"
    SERVER_ENV+=(
        TELCRED_SIP_DOMAIN="$DOMAIN"
        TELCRED_SIP_BIND_HOST=127.0.0.1 TELCRED_SIP_ADVERTISED_HOST=127.0.0.1
        TELCRED_SIP_UDP_PORT="$SIP_PORT" TELCRED_SIP_TCP_PORT="$SIP_PORT"
        TELCRED_SIP_WS_PORT=-1 TELCRED_SIP_TLS_PORT=-1 TELCRED_SIP_WSS_PORT=-1
        # The load generators must never be slowed or banned by the brute-force limiters.
        TELCRED_SIP_TRUSTED_ADDRESSES=127.0.0.0/8
        TELCRED_TOKEN_VERIFIED_CACHE_SIZE="$SOAK_VERIFIED_TOKENS"
        TELCRED_SIP_NONCE_LIFETIME_SECONDS="$SOAK_NONCE_LIFETIME"
    )
    # gc+heap=debug: the heap after each collection in KB (the live heap below is read there), no rotation.
    # shellcheck disable=SC2086  # SOAK_JAVA_OPTS is a list of options
    launch_server "$SOAK_JDK" -Xms"$SOAK_HEAP" -Xmx"$SOAK_HEAP" -Xlog:gc,gc+heap=debug:file="$GC_LOG"::filecount=0 $SOAK_JAVA_OPTS
    await_server 120
    local deadline=$((SECONDS + 60))
    until [[ $(ss -Hlnu) == *":$SIP_PORT "* ]]; do
        ((SECONDS < deadline)) || { tail -n 30 "$SERVER_LOG" >&2; die "the server does not listen on UDP $SIP_PORT"; }
        sleep 0.5
    done
}

create_credentials() {
    local connection_id out="$WORK/create.txt"
    connection_id=$(create_connection soak soak)
    [[ -n $connection_id && $connection_id != null ]] || die "could not create the credential connection"
    log "creating $SOAK_CREDENTIALS on-demand credentials"
    "$SOAK_JDK/bin/java" "$BENCH_DIR/CreateCredentials.java" "$BASE_URL" "$API_KEY" "$connection_id" \
        "$((SOAK_CREDENTIALS + 10))" 16 "$WORK/created.csv" >"$out" 2>&1 || { cat "$out" >&2; die "creating the credentials failed"; }
    # SIPp 3.6 finds "CSeq" anywhere in a message: a login name that contains it would fail (see sip-bench.sh).
    USERS="$WORK/users.csv"
    awk -F';' -v n="$SOAK_CREDENTIALS" 'NR == 1 || (tolower($1) !~ /cseq/ && kept++ < n)' "$WORK/created.csv" >"$USERS"
    (($(wc -l <"$USERS") == SOAK_CREDENTIALS + 1)) || die "too few usable credentials in $WORK/created.csv"
    log "created: $(sed -n 's/^created //p' "$out")"
}

# ---------------------------------------------------------------------------------------------
# The load
# ---------------------------------------------------------------------------------------------
# start_sipp NAME SCENARIO RATE: one SIPp process making RATE calls/s of SCENARIO for SOAK_MINUTES.
start_sipp() {
    local name=$1 scenario=$2 rate=$3 dir="$WORK/sipp-$1" seconds=$((SOAK_MINUTES * 60))
    mkdir -p "$dir"
    # -l: at most 5 s worth of calls in progress, -recv_timeout: an answer 5 s late fails the call (see sip-bench.sh
    # for -t un -max_socket and -buff_size). -key pass NAME keeps the Contacts of the two processes apart.
    # The rate climbs in tenths over the first 45 s: at full rate at once, a cold JVM on a busy machine fell behind
    # (seen: 5,673 datagrams dropped at its sockets and 540 registrations timed out in the first minute, none after).
    local step=$(((rate + 9) / 10))
    (cd "$dir" && exec "$SIPP" "127.0.0.1:$SIP_PORT" -sf "$scenario" -inf "$USERS" -key pass "$name" \
        -auth_uri "$DOMAIN" -t un -max_socket "$SIPP_SOCKETS" -i 127.0.0.1 -p "$(free_port)" \
        -r "$step" -rate_increase "$step" -rate_interval 5s -rate_max "$rate" -no_rate_quit \
        -rp 1000 -m "$((rate * seconds))" -l "$((rate * 5 > 1000 ? rate * 5 : 1000))" \
        -buff_size "$SIPP_BUFFER_BYTES" -recv_timeout 5000 -timeout "$((seconds + 120))s" -timeout_error \
        -nostdin -default_behaviors none -trace_err -error_file "$dir/errors.log" \
        -trace_stat -stf "$dir/stat.csv" -fd "$SIPP_STAT_SECONDS" >"$dir/stdout.txt" 2>"$dir/stderr.txt") &
    LOAD_PIDS+=($!)
}

start_client() {
    CLIENT_STATUS="$WORK/client-status.txt"
    echo "mints=0 mint_failures=0 logins=0 login_failures=0 stalls=0 longest_stall_ms=0" >"$CLIENT_STATUS"
    "$SOAK_JDK/bin/java" "$BENCH_DIR/SoakClient.java" "$BASE_URL" "$API_KEY" "$USERS" "$SOAK_MINT_RATE" \
        "$SOAK_LOGIN_RATE" "$((SOAK_MINUTES * 60))" "$CLIENT_STATUS" >"$WORK/client.txt" 2>"$WORK/client-errors.txt" &
    CLIENT_PID=$!
    LOAD_PIDS+=("$CLIENT_PID")
}

# sipp_stat NAME COLUMN: the running total of COLUMN in SIPp process NAME's statistics (0 before the first line).
sipp_stat() {
    local file="$WORK/sipp-$1/stat.csv"
    [[ -s $file ]] || { echo 0; return; }
    awk -F';' -v name="$2" 'NR == 1 {for (i = 1; i <= NF; i++) if ($i == name) c = i; next}
        {v = $c} END {print (c && v != "" ? v : 0)}' "$file"
}

# sipp_failures NAME: calls that failed, and messages for no call SIPp knows (answers to calls it gave up on).
sipp_failures() { echo $(($(sipp_stat "$1" 'FailedCall(C)') + $(sipp_stat "$1" 'OutOfCallMsgs(C)'))); }

client_stat() { sed -n "s/.*\<$1=\([0-9]*\).*/\1/p" "$CLIENT_STATUS"; }

# Datagrams dropped at the server's full UDP receive buffers (ss -m "d", summed over its sockets).
server_udp_drops() { ss -Huanm "sport = :$SIP_PORT" 2>/dev/null | sed -n 's/.*,d\([0-9]*\)).*/\1/p' | awk '{s += $1} END {print s + 0}'; }

registrations_total() { api GET '/v2/registrations?page[size]=1' | jq -r '.meta.total_results'; }

# live_heap: "USED_KB TOTAL_KB METASPACE_KB PAUSE_MS" of a full collection (jcmd GC.run), from the GC log: the heap
# right after it. GC.heap_info, a jcmd later, would add what the load allocated meanwhile (seen: up to 45 MB).
live_heap() {
    "$SOAK_JDK/bin/jcmd" "$SERVER_PID" GC.run >/dev/null
    awk 'function id() {return substr($0, index($0, "GC(") + 3) + 0}
        function kb(word) {return substr($0, index($0, word " ") + length(word) + 1) + 0}
        /Heap after GC/ {after = id(); next}
        after == id() && /garbage-first heap/ {used[after] = kb("used"); total[after] = kb("total")}
        after == id() && /Metaspace/ {meta[after] = kb("used"); after = -1}
        /Pause Full \(Diagnostic Command\)/ {last = id(); ms = $NF + 0}
        END {printf "%d %d %d %.0f\n", used[last], total[last], meta[last], ms}' "$GC_LOG"
}

# snapshot NAME: the live objects by class (GC.class_histogram, a full collection first) and the threads, to be
# compared between the end of the warm-up and the end.
snapshot() {
    "$SOAK_JDK/bin/jcmd" "$SERVER_PID" GC.class_histogram >"$WORK/histogram-$1.txt"
    "$SOAK_JDK/bin/jcmd" "$SERVER_PID" Thread.print >"$WORK/threads-$1.txt"
}

server_threads() { awk '/^Threads:/ {print $2}' "/proc/$SERVER_PID/status"; }

# thread_growth: the server's threads by name (digits folded) that grew from the end of the warm-up to the end.
thread_growth() {
    awk 'FNR == 1 {file++} /^"/ {name = substr($0, 2, index(substr($0, 2), "\"") - 1); gsub(/[0-9]+/, "N", name)
            n[file, name]++; names[name]}
        END {for (k in names) if (n[2, k] != n[1, k]) printf "  %5d  (%d -> %d)  %s\n", n[2, k] - n[1, k], n[1, k], n[2, k], k}' \
        "$WORK/threads-warm.txt" "$WORK/threads-end.txt" | sort -rn
}

# ---------------------------------------------------------------------------------------------
# Every minute: the work done, the failures, and the heap after a full GC
# ---------------------------------------------------------------------------------------------
# counters: the running totals the minutes are told apart by, as NAME=VALUE words.
counters() {
    echo "refresh=$(sipp_stat refresh 'SuccessfulCall(C)') churn=$(sipp_stat churn 'SuccessfulCall(C)')" \
        "mints=$(client_stat mints) logins=$(client_stat logins) failures=$(failure_count) stalls=$(client_stat stalls)" \
        "retrans=$(($(sipp_stat refresh 'Retransmissions(C)') + $(sipp_stat churn 'Retransmissions(C)')))" \
        "server=$(cpu_ticks "$SERVER_PID") busy=$(machine_busy_ticks) load=$(load_ticks)"
}

# $MINUTES_TSV columns: 1 minute, 2 heap used KB after full GC, 3 registrations (refreshes + churn REGISTERs),
# 4 unREGISTERs, 5 mints, 6 logins, 7 failures (all kinds), 8 SIPp retransmissions, 9 server CPU % of one core,
# 10 RSS MB, 11 other processes' CPU % of one core, 12 bindings, 13 full GC pause ms, 14 heap total KB,
# 15 metaspace used KB, 16 stalls of the load client (a second or more without a core: the machine), 17 server threads
monitor() {
    local start=$1 m now due word heap total meta gc_ms bindings
    local -a row
    local -A was is
    for word in $(counters); do was[${word%%=*}]=${word#*=}; done
    minute_line min heap_MB meta_MB reg unreg mints logins fail retrans stall cpu% oth% rss_MB threads bindings gc_ms
    for ((m = 1; m <= SOAK_MINUTES; m++)); do
        due=$((start + m * 60))
        now=$(date +%s)
        ((due > now)) && sleep $((due - now))
        kill -0 "$SERVER_PID" 2>/dev/null || die "the server died in minute $m (log: $SERVER_LOG)"
        for word in $(counters); do is[${word%%=*}]=${word#*=}; done
        read -r heap total meta gc_ms < <(live_heap)
        bindings=$(registrations_total 2>/dev/null) || bindings=n/a
        row=("$m" "$heap" $((is[refresh] - was[refresh] + is[churn] - was[churn])) $((is[churn] - was[churn]))
            $((is[mints] - was[mints])) $((is[logins] - was[logins])) $((is[failures] - was[failures]))
            $((is[retrans] - was[retrans])) $(((is[server] - was[server]) * 100 / CLK_TCK / 60))
            $(($(rss_kb "$SERVER_PID") / 1024))
            $(((is[busy] - was[busy] - (is[server] - was[server]) - (is[load] - was[load])) * 100 / CLK_TCK / 60))
            "$bindings" "$gc_ms" "$total" "$meta" $((is[stalls] - was[stalls])) "$(server_threads)")
        (IFS=$'\t'; echo "${row[*]}") >>"$MINUTES_TSV"
        tail -1 "$MINUTES_TSV" | awk -F'\t' '{printf "%d %.1f %.1f %d %d %d %d %d %d %d %d %d %d %d %s %d\n",
            $1, $2 / 1024, $15 / 1024, $3, $4, $5, $6, $7, $8, $16, $9, ($11 > 0 ? $11 : 0), $10, $17, $12, $13}' \
            | { read -ra cells; minute_line "${cells[@]}"; }
        ((m == SOAK_WARMUP_MINUTES)) && snapshot warm
        for word in "${!is[@]}"; do was[$word]=${is[$word]}; done
    done
    snapshot end
}

minute_line() {
    printf '%4s %8s %7s %7s %6s %6s %6s %5s %7s %5s %5s %5s %6s %7s %8s %6s\n' "$@" | tee -a "$WORK/report-minutes.txt" >&2
}

# load_ticks: the CPU of the load generators (SIPp and the client) so far, in clock ticks.
load_ticks() {
    local pid sum=0
    for pid in "${LOAD_PIDS[@]}"; do
        [[ -r /proc/$pid/stat ]] && sum=$((sum + $(cpu_ticks "$pid")))
    done
    echo "$sum"
}

# stop_load: SIPp and the client stop by themselves once they made SOAK_MINUTES' worth of calls; any left a
# minute later is stopped.
stop_load() {
    local pid deadline=$((SECONDS + 60))
    for pid in "${LOAD_PIDS[@]}"; do
        while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 1; done
        if kill -0 "$pid" 2>/dev/null; then
            note "load process $pid still ran a minute after the end; stopped"
            kill "$pid" 2>/dev/null || true
        fi
        wait "$pid" 2>/dev/null || true
    done
    LOAD_PIDS=()
}

# ---------------------------------------------------------------------------------------------
# The summary
# ---------------------------------------------------------------------------------------------
# heap_trend: "SLOPE_B_PER_MIN FIRST_KB LAST_KB MAX_KB MINUTES OPS_PER_MIN" over the minutes after the warm-up:
# the least-squares slope of the heap after full GC, and the mean work a minute (registrations, unREGISTERs,
# mints and logins).
heap_trend() {
    awk -F'\t' -v w="$SOAK_WARMUP_MINUTES" '$1 > w {
            n++; x = $1; y = $2 * 1024; sx += x; sy += y; sxx += x * x; sxy += x * y
            if (n == 1) first = $2; last = $2; if ($2 > max) max = $2; ops += $3 + $4 + $5 + $6 }
        END {slope = (n * sxx - sx * sx) ? (n * sxy - sx * sy) / (n * sxx - sx * sx) : 0
            printf "%.0f %d %d %d %d %.0f\n", slope, first, last, max, n, n ? ops / n : 0}' "$MINUTES_TSV"
}

# histogram_growth: the classes whose live bytes grew most from the end of the warm-up to the end.
histogram_growth() {
    awk 'FNR == 1 {file++} $1 ~ /^[0-9]+:$/ {k = $4; if (file == 1) {i0[k] = $2; b0[k] = $3} else {i1[k] = $2; b1[k] = $3}}
        END {for (k in b1) if (b1[k] - b0[k] != 0) printf "%12d %10d  %s\n", b1[k] - b0[k], i1[k] - i0[k], k
             for (k in b0) if (!(k in b1)) printf "%12d %10d  %s\n", -b0[k], -i0[k], k}' \
        "$WORK/histogram-warm.txt" "$WORK/histogram-end.txt" | sort -rn | awk 'NR <= 15' 
}

failure_totals() {
    local name kind
    for name in refresh churn; do
        for kind in 'FailedCall(C)' 'FailedUnexpectedMessage(C)' 'FailedTimeoutOnRecv(C)' 'FailedMaxUDPRetrans(C)' \
            'OutOfCallMsgs(C)'; do
            printf '  SIPp %-8s %-28s %s\n' "$name" "${kind%(C)}" "$(sipp_stat "$name" "$kind")"
        done
    done
    printf '  %-42s %s\n' "token mints (non-201, errors, backlog)" "$(client_stat mint_failures)" \
        "WebRTC logins (error, timeout, closed)" "$(client_stat login_failures)" \
        "datagrams dropped at the server's sockets" "$(server_udp_drops)" \
        "server log lines at WARN/ERROR" "$SERVER_LOG_PROBLEMS"
    sed -n 's/^failures /    client: /p' "$WORK/client.txt"
}

# failure_count: the failures the load saw so far, of every kind (the server's log is read at the end).
failure_count() {
    echo $(($(sipp_failures refresh) + $(sipp_failures churn) + $(client_stat mint_failures) \
        + $(client_stat login_failures) + $(server_udp_drops)))
}

# stalled_failures: "FAILURES MINUTES": the failures in minutes when the load client stalled (the machine), and
# how many minutes had a stall.
stalled_failures() { awk -F'\t' '$16 > 0 {f += $7; n++} END {print f + 0, n + 0}' "$MINUTES_TSV"; }

report() {
    local slope first last max n ops total_kb bound verdict_heap verdict_fail failures retrans dead
    read -r slope first last max n ops < <(heap_trend)
    total_kb=$(awk -F'\t' 'END {print $14}' "$MINUTES_TSV")
    bound=$(awk -v t="$total_kb" -v p="$SOAK_MAX_GROWTH_PCT" 'BEGIN {printf "%.0f", t * 1024 * p / 100 / 10}')
    verdict_heap=$(pass "$slope <= $bound")
    failures=$(($(failure_count) + SERVER_LOG_PROBLEMS))
    verdict_fail=$(pass "$failures == 0")
    local stalled_fail stalled_minutes
    read -r stalled_fail stalled_minutes < <(stalled_failures)
    retrans=$(($(sipp_stat refresh 'Retransmissions(C)') + $(sipp_stat churn 'Retransmissions(C)')))
    dead=$(($(sipp_stat refresh 'DeadCallMsgs(C)') + $(sipp_stat churn 'DeadCallMsgs(C)')))
    echo "telcred soak — $(date '+%Y-%m-%d %H:%M:%S %Z')"
    echo "machine: $(machine_info); $START_LOAD at the start, $(load_note) at the end"
    echo "jar: $JAR_INFO; JDK $(jdk_version "$SOAK_JDK"); -Xms$SOAK_HEAP -Xmx$SOAK_HEAP, G1${SOAK_JAVA_OPTS:+, $SOAK_JAVA_OPTS}; H2 (fresh data directory)"
    echo "server settings: defaults, TELCRED_LOG_LEVEL=WARN, TELCRED_SIP_TRUSTED_ADDRESSES=127.0.0.0/8, TELCRED_TOKEN_VERIFIED_CACHE_SIZE=$SOAK_VERIFIED_TOKENS,"
    echo "  TELCRED_SIP_NONCE_LIFETIME_SECONDS=$SOAK_NONCE_LIFETIME"
    echo "load for $SOAK_MINUTES minutes, $SOAK_CREDENTIALS on-demand credentials:"
    echo "  $SOAK_REFRESH_RATE/s registrations refreshing one binding per credential (bench/sipp/register.xml, Expires 3600)"
    echo "  $SOAK_CHURN_RATE/s REGISTERs of two new bindings, one removed 1 s later by an unREGISTER, one left to expire in 60 s (bench/sipp/register-unregister.xml)"
    echo "  $SOAK_MINT_RATE/s token mints, $SOAK_LOGIN_RATE/s of them used at once for a WebRTC login (half closed politely, half reset) (bench/SoakClient.java)"
    echo "  every registration: REGISTER -> 401 -> REGISTER with digest -> 200, over UDP ($(${SIPP} -v 2>&1 | grep -o 'SIPp v[^ -]*' | head -1))"
    echo
    echo "Every minute (heap, meta: heap and metaspace used right after jcmd GC.run, from the GC log; reg: REGISTERs"
    echo "answered 200, the churn's included; unreg: unREGISTERs; fail: failures of any kind; retrans: SIPp's retransmissions;"
    echo "stall: the load client went 1 s or more without a core; cpu%: the server, of one core; oth%: processes other than"
    echo "the server and the load, of one core; bindings: GET /v2/registrations; gc_ms: the pause of the full GC):"
    cat "$WORK/report-minutes.txt"
    echo
    echo "Heap after full GC over minutes $((SOAK_WARMUP_MINUTES + 1))-$SOAK_MINUTES ($n minutes, after a warm-up of $SOAK_WARMUP_MINUTES):"
    awk -v meta="$(awk -F'\t' -v w="$SOAK_WARMUP_MINUTES" '$1 > w {if (!n++) f = $15; l = $15}
        END {printf "first %.1f MB, last %.1f MB", f / 1024, l / 1024}' "$MINUTES_TSV")" -v s="$slope" -v f="$first" -v l="$last" -v m="$max" -v b="$bound" -v o="$ops" -v t="$total_kb" -v p="$SOAK_MAX_GROWTH_PCT" 'BEGIN {
        printf "  slope %+.0f B/min (%+.3f MB per 10 min; %+.3f B per operation at %.0f operations/min)\n", s, s * 10 / 1048576, o ? s / o : 0, o
        printf "  first %.1f MB, last %.1f MB, max %.1f MB (metaspace %s)\n", f / 1024, l / 1024, m / 1024, meta
        printf "  bound: at most %s %% of the heap (%.0f MB) per 10 minutes = %.0f B/min\n", p, t / 1024, b }'
    echo "  heap: $verdict_heap"
    echo
    echo "Failures (all must be 0):"
    failure_totals
    echo "  failures: $verdict_fail"
    if ((failures > 0 && stalled_fail > 0)); then
        echo "  of them $stalled_fail in the $stalled_minutes minutes when the load client itself went a second or more without a"
        echo "  core (the machine stalled: see 'stall'; SIPp's error log says 'the major watchdog timer ... has been tripped' then)"
    fi
    echo "Load client stalls of a second or more: $(client_stat stalls), the longest $(client_stat longest_stall_ms) ms."
    echo "Not failures: $retrans SIPp retransmissions (an answer later than 500 ms: a full GC's pause, or the machine) and"
    echo "$dead late answers to them after their call ended."
    echo
    echo "Live bytes by class, end of the warm-up (minute $SOAK_WARMUP_MINUTES) to the end (GC.class_histogram), largest growth first:"
    echo "       bytes  instances  class"
    histogram_growth
    echo
    echo "Server threads by name, end of the warm-up to the end (Thread.print; numbers in names as N):"
    thread_growth
    if [[ -s $NOTES ]]; then
        echo
        echo "Notes:"
        sed 's/^/  /' "$NOTES"
    fi
    echo
    if [[ $verdict_heap == PASS && $verdict_fail == PASS ]]; then echo "soak: PASS"; else echo "soak: FAIL"; fi
}

keep_files() {
    mkdir -p "$KEEP_DIR"
    cp "$WORK"/histogram-*.txt "$WORK"/threads-*.txt "$GC_LOG" "$MINUTES_TSV" "$KEEP_DIR/" 2>/dev/null || true
    local name
    for name in refresh churn; do
        [[ -s $WORK/sipp-$name/errors.log ]] && cp "$WORK/sipp-$name/errors.log" "$KEEP_DIR/sipp-$name-errors.log"
    done
    [[ -s $WORK/client-errors.txt ]] && cp "$WORK/client-errors.txt" "$KEEP_DIR/client-errors.txt"
    ((SERVER_LOG_PROBLEMS == 0)) || cp "$SERVER_LOG" "$KEEP_DIR/server.log"
    return 0
}

# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------
check_settings
find_sipp
ensure_package jq jq
mkdir -p "$RESULTS_DIR"
prepare_jar "${SOAK_JAR:-$ROOT/target/telcred.jar}"
wait_for_quiet 60 15
START_LOAD=$(load_note)
start_server
log "server up: $BASE_URL, SIP on UDP 127.0.0.1:$SIP_PORT"
create_credentials
log "load for $SOAK_MINUTES minutes: $SOAK_REFRESH_RATE refreshes/s, $SOAK_CHURN_RATE register+unregister/s, $SOAK_MINT_RATE mints/s, $SOAK_LOGIN_RATE logins/s"
START=$(date +%s)
start_sipp refresh "$BENCH_DIR/sipp/register.xml" "$SOAK_REFRESH_RATE"
((SOAK_CHURN_RATE == 0)) || start_sipp churn "$BENCH_DIR/sipp/register-unregister.xml" "$SOAK_CHURN_RATE"
start_client
monitor "$START"
stop_load
SERVER_LOG_PROBLEMS=$(grep -c -E 'WARN|ERROR|Exception|VM warning' "$SERVER_LOG" || true)
keep_files
report | tee "$RESULT_FILE"
log "written to ${RESULT_FILE#"$ROOT"/} (and ${KEEP_DIR#"$ROOT"/}/)"
stop_server
grep -q '^soak: PASS' "$RESULT_FILE"
