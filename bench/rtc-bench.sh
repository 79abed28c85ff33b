#!/usr/bin/env bash
# WebRTC signaling benchmark of telcred: how many Telnyx-RTC sessions (WebSocket at /rtc, JWT login) the
# server holds idle and what each costs in heap, how fast it completes token logins, and how soon a
# deactivated credential's sessions are punted. The load client is bench/RtcSessionLoad.java.
#
#   bash bench/rtc-bench.sh                          # from the repo root; see bench/README.md
#   RTC_BENCH_QUICK=1 bash bench/rtc-bench.sh        # a smoke run: 2,000 sessions, 1 login run, short hold
#
# Settings (environment):
#   RTC_BENCH_SESSIONS        sessions to open and hold (default 50000; capped by the open-files limit, see below)
#   RTC_BENCH_RUNS            timed login runs; the median is reported (default 3)
#   RTC_BENCH_LOGINS          logins per timed run (default 10000, at most RTC_BENCH_SESSIONS)
#   RTC_BENCH_WARMUP_LOGINS   untimed logins before the runs (default 5000)
#   RTC_BENCH_FRESH_LOGINS    first-time logins per run, each with a token of its own never presented before, after the
#                             timed runs (as many runs; default 3000; 0: none)
#   RTC_BENCH_INFLIGHT        logins in progress at once, in the runs and the ramp (default 128)
#   RTC_BENCH_HOLD_SECONDS    idle hold with N sessions before the heap is weighed (default 120)
#   RTC_BENCH_PING_SECONDS    each held session sends telnyx_rtc.ping this often, spread evenly (default 30)
#   RTC_BENCH_PUNTS           timed deactivations (default 20; after 2 untimed ones)
#   RTC_BENCH_SESSIONS_PER_CREDENTIAL  sessions logging in as one credential (default 100)
#   RTC_BENCH_TOKENS_PER_CREDENTIAL    tokens minted per credential, shared round-robin by its sessions (default 10)
#   RTC_BENCH_HEAP            server heap, -Xms = -Xmx (default 2g), G1
#   RTC_BENCH_JAVA_OPTS       extra JVM options for the server
#   RTC_BENCH_CLIENT_OPTS     JVM options of the load client (default -Xms256m -Xmx1g -XX:+UseParallelGC)
#   RTC_BENCH_JDK             the JDK of server and client (default /usr/lib/jvm/java-17-openjdk-amd64)
#   RTC_BENCH_JAR             the jar to test (default: BENCH_JAR, else target/telcred.jar, built if missing; a copy is used)
#   RTC_BENCH_RESUME_SECONDS  TELCRED_RTC_RESUME_SECONDS for the server (default 0: the sessions of the closed login
#                             runs end at once instead of waiting 90 s to be resumed, so that "0 sessions" is 0)
#   RTC_BENCH_FD_RESERVE      open files kept for other uses than sockets, per process (default 1000)
#   RTC_BENCH_BIND_PORTS      auto (default), 1 or 0: bind each client socket to an explicit 127.0.0.1 port (1025-65535,
#                             skipping those in use); auto = when the sessions exceed net.ipv4.ip_local_port_range
#   RTC_BENCH_JFR             1: a JFR profile (settings=profile) of the server during the ramp to N sessions, summarised
#                             in the report (top frames, and the share of samples in a few components); the ramp's
#                             figures then carry the profiler's cost (the timed login runs do not)
#   RTC_BENCH_QUICK           1: a smoke run (2,000 sessions, 1 run of 2,000 logins and of 1,000 first-time ones, 1,000 warm-up,
#                             35 s hold, 5 punts)
#   RTC_BENCH_QUIET_WAIT      before the verification rate and the client, wait up to this many seconds (default 60)
#                             for the machine to be quiet (at most RTC_BENCH_QUIET_MAX_PCT, default 15, % of a core)
#
# Output: progress while running, then the report; it is also written to bench/results/rtc-<date>-<time>.txt,
# with the class histograms at 0 and N sessions in bench/results/rtc-<date>-<time>/ (bench/results/ is git-ignored).

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/lib.sh
source "$ROOT/scripts/lib.sh"
BENCH_DIR="$ROOT/bench"
LOG_TAG=rtc-bench

if [[ ${RTC_BENCH_QUICK:-0} == 1 ]]; then
    : "${RTC_BENCH_SESSIONS:=2000}" "${RTC_BENCH_RUNS:=1}" "${RTC_BENCH_LOGINS:=2000}" "${RTC_BENCH_WARMUP_LOGINS:=1000}"
    : "${RTC_BENCH_HOLD_SECONDS:=35}" "${RTC_BENCH_PUNTS:=5}" "${RTC_BENCH_FRESH_LOGINS:=1000}"
fi
RTC_BENCH_SESSIONS=${RTC_BENCH_SESSIONS:-50000}
RTC_BENCH_RUNS=${RTC_BENCH_RUNS:-3}
RTC_BENCH_LOGINS=${RTC_BENCH_LOGINS:-10000}
RTC_BENCH_WARMUP_LOGINS=${RTC_BENCH_WARMUP_LOGINS:-5000}
RTC_BENCH_FRESH_LOGINS=${RTC_BENCH_FRESH_LOGINS:-3000}
RTC_BENCH_INFLIGHT=${RTC_BENCH_INFLIGHT:-128}
RTC_BENCH_HOLD_SECONDS=${RTC_BENCH_HOLD_SECONDS:-120}
RTC_BENCH_PING_SECONDS=${RTC_BENCH_PING_SECONDS:-30}
RTC_BENCH_PUNTS=${RTC_BENCH_PUNTS:-20}
RTC_BENCH_PUNT_WARMUP=2
RTC_BENCH_SESSIONS_PER_CREDENTIAL=${RTC_BENCH_SESSIONS_PER_CREDENTIAL:-100}
RTC_BENCH_TOKENS_PER_CREDENTIAL=${RTC_BENCH_TOKENS_PER_CREDENTIAL:-10}
RTC_BENCH_HEAP=${RTC_BENCH_HEAP:-2g}
RTC_BENCH_JAVA_OPTS=${RTC_BENCH_JAVA_OPTS:-}
RTC_BENCH_CLIENT_OPTS=${RTC_BENCH_CLIENT_OPTS:--Xms256m -Xmx1g -XX:+UseParallelGC}
RTC_BENCH_JDK=${RTC_BENCH_JDK:-/usr/lib/jvm/java-17-openjdk-amd64}
RTC_BENCH_JAR=${RTC_BENCH_JAR:-${BENCH_JAR:-}}
RTC_BENCH_RESUME_SECONDS=${RTC_BENCH_RESUME_SECONDS:-0}
RTC_BENCH_FD_RESERVE=${RTC_BENCH_FD_RESERVE:-1000}
RTC_BENCH_BIND_PORTS=${RTC_BENCH_BIND_PORTS:-auto}
RTC_BENCH_JFR=${RTC_BENCH_JFR:-0}
RTC_BENCH_QUIET_WAIT=${RTC_BENCH_QUIET_WAIT:-60}
RTC_BENCH_QUIET_MAX_PCT=${RTC_BENCH_QUIET_MAX_PCT:-15}

# The project's targets, printed beside the figures.
TARGET_SESSIONS=50000
TARGET_BYTES_PER_SESSION=10240
TARGET_LOGINS_PER_S=2000
TARGET_PUNT_MS=50

STAMP=$(date +%Y%m%d-%H%M%S)
RESULTS_DIR="$BENCH_DIR/results"
RESULT_FILE="$RESULTS_DIR/rtc-$STAMP.txt"
KEEP_DIR="$RESULTS_DIR/rtc-$STAMP"

WORK=$(mktemp -d /tmp/telcred-rtc-bench.XXXXXX)
NOTES="$WORK/notes.txt"
: >"$NOTES"
SERVER_PID=""
CLIENT_PID=""

cleanup() {
    stop_pid "$CLIENT_PID" || true
    stop_server || true
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

calc() { awk "BEGIN {print $*}"; }
# field NAME LINE: the value of NAME=... in a RESULT line.
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $2"; }
# results PHASE: the RESULT lines of that phase of the client's output.
results() { sed -n "s/^RESULT $1 //p" "$WORK/client.out"; }

# ---------------------------------------------------------------------------------------------
# Limits: open files (one per socket, in the server and in the client) and local ports
# ---------------------------------------------------------------------------------------------
raise_limits() {
    local hard want
    hard=$(ulimit -Hn)
    want=$((RTC_BENCH_SESSIONS + RTC_BENCH_INFLIGHT + RTC_BENCH_FD_RESERVE))
    [[ $hard == unlimited ]] && hard=$want
    if ((want <= hard)); then
        ulimit -n "$want"
    else
        # Without CAP_SYS_RESOURCE the hard limit cannot be raised: every process here, the server included,
        # can hold at most that many sockets.
        ulimit -n "$hard"
        local cap=$((hard - RTC_BENCH_INFLIGHT - RTC_BENCH_FD_RESERVE))
        note "open files: the hard limit is $hard per process (ulimit -Hn; raising it needs CAP_SYS_RESOURCE, which this" \
            "machine does not grant), so neither the server nor the client can hold $RTC_BENCH_SESSIONS sockets:" \
            "sessions capped at $cap (the limit less $RTC_BENCH_INFLIGHT in flight and $RTC_BENCH_FD_RESERVE for other files)"
        REQUESTED_SESSIONS=$RTC_BENCH_SESSIONS
        RTC_BENCH_SESSIONS=$cap
    fi
    ((RTC_BENCH_LOGINS <= RTC_BENCH_SESSIONS)) || RTC_BENCH_LOGINS=$RTC_BENCH_SESSIONS
    ((RTC_BENCH_WARMUP_LOGINS <= RTC_BENCH_SESSIONS)) || RTC_BENCH_WARMUP_LOGINS=$RTC_BENCH_SESSIONS
    local low high
    read -r low high < /proc/sys/net/ipv4/ip_local_port_range
    EPHEMERAL="$low-$high"
    case $RTC_BENCH_BIND_PORTS in
        1) BIND=true ;;
        0) BIND=false ;;
        *) if ((RTC_BENCH_SESSIONS + RTC_BENCH_INFLIGHT + 1000 > high - low + 1)); then BIND=true; else BIND=false; fi ;;
    esac
}

# ---------------------------------------------------------------------------------------------
# The server
# ---------------------------------------------------------------------------------------------
start_server() {
    local port
    port=$(free_port)
    HTTP_PORT=$port
    BASE_URL="http://127.0.0.1:$port"
    API_KEY=$(new_api_key)
    SERVER_LOG="$WORK/server.log"
    GC_LOG="$WORK/gc.log"
    server_env "$(mktemp -d "$WORK/data-XXXX")" "$port"
    SERVER_ENV+=(
        # SIP idles here; on free loopback ports, never the standard ones another server may hold.
        TELCRED_SIP_BIND_HOST=127.0.0.1 TELCRED_SIP_UDP_PORT=0 TELCRED_SIP_TCP_PORT=0
        TELCRED_SIP_WS_PORT=-1 TELCRED_SIP_TLS_PORT=-1 TELCRED_SIP_WSS_PORT=-1
        TELCRED_RTC_SESSIONS_PER_CREDENTIAL=$((RTC_BENCH_SESSIONS_PER_CREDENTIAL > 10000 ? 10000 : RTC_BENCH_SESSIONS_PER_CREDENTIAL))
        # Every client socket comes from 127.0.0.1; up to RTC_BENCH_INFLIGHT are open before their login.
        TELCRED_RTC_UNAUTHENTICATED_PER_ADDRESS=1000000
        TELCRED_RTC_RESUME_SECONDS="$RTC_BENCH_RESUME_SECONDS"
    )
    # shellcheck disable=SC2086  # RTC_BENCH_JAVA_OPTS is a list of options
    launch_server "$RTC_BENCH_JDK" -Xms"$RTC_BENCH_HEAP" -Xmx"$RTC_BENCH_HEAP" -XX:+UseG1GC -Xlog:gc:file="$GC_LOG" $RTC_BENCH_JAVA_OPTS
    await_server 120
}

check_server_log() {
    local lines
    lines=$(grep -c -E 'WARN|ERROR|Exception|VM warning' "$SERVER_LOG" || true)
    if ((lines > 0)); then
        mkdir -p "$KEEP_DIR"
        cp "$SERVER_LOG" "$KEEP_DIR/server.log"
        note "the server log has $lines WARN/ERROR/exception lines (copied to ${KEEP_DIR#"$ROOT"/}/server.log); by kind:"
        grep -E 'WARN|ERROR|Exception|VM warning' "$SERVER_LOG" | sed -E 's/^[0-9T:.Z-]+ //; s/[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+:[0-9]+/ADDR/g' \
            | cut -c1-200 | sort | uniq -c | sort -rn | first 8 | sed 's/^/    /' >>"$NOTES"
    fi
}

# gc_pauses: "collections total_ms longest_ms" of the server's GC log.
gc_pauses() {
    awk '/Pause/ && /ms$/ {n++; v = $NF; sub(/ms/, "", v); t += v; if (v > m) m = v} END {printf "%d %.0f %.1f", n, t, m}' "$GC_LOG"
}

# ---------------------------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------------------------
# first N: the first N lines; unlike head, it reads all its input, so that the writer never dies of SIGPIPE (pipefail).
first() { awk -v n="$1" 'NR <= n'; }

histogram_growth() {  # histogram_growth FILE0 FILEN SESSIONS: top classes by growth, per session
    awk -v n="$3" 'FNR == 1 {file++}
        $1 ~ /^[0-9]+:$/ {if (file == 1) {b0[$4] = $3; i0[$4] = $2} else {b1[$4] = $3; i1[$4] = $2; seen[$4] = 1}}
        END {for (c in seen) {d = b1[c] - b0[c]; if (d > 0) printf "%d\t%.1f\t%.2f\t%s\n", d, d / n, (i1[c] - i0[c]) / n, c}}' "$1" "$2" \
        | sort -rn | first 30 | awk -F'\t' '{printf "  %10.1f B %8.2f  %s\n", $2, $3, $4}'
}

histogram_by_origin() {  # histogram_by_origin FILE0 FILEN SESSIONS: growth per session by the class's package
    awk -v n="$3" 'FNR == 1 {file++}
        $1 ~ /^[0-9]+:$/ {c = $4; g = "other JDK classes (java.*, jdk.*, sun.*)"
            if (c ~ /^\[/) g = "arrays ([B, [Ljava.lang.Object;, ...: anyone\x27s)"
            else if (c ~ /^org\.eclipse\.jetty/) g = "org.eclipse.jetty.*"
            else if (c ~ /^io\.telcred/) g = "io.telcred.*"
            else if (c ~ /^io\.javalin/) g = "io.javalin.*"
            else if (c ~ /^com\.fasterxml/) g = "com.fasterxml.*"
            else if (c ~ /^(java|javax|jdk|sun)\./) g = g; else g = "other libraries"
            if (file == 1) b0[g] += $3; else b1[g] += $3; seen[g] = 1}
        END {for (g in seen) printf "%.1f\t%s\n", (b1[g] - b0[g]) / n, g}' "$1" "$2" \
        | sort -rn | awk -F'\t' '{printf "  %10.1f B  %s\n", $1, $2}'
}

# jfr_summary FILE: where the server's CPU went during the ramp (execution samples: top frames, and components).
jfr_summary() {
    local file=$1
    [[ -f $file ]] || { echo "  (no JFR file)"; return; }
    "$RTC_BENCH_JDK/bin/jfr" print --events jdk.ExecutionSample --stack-depth 64 "$file" >"$WORK/samples.txt"
    awk '/jdk.ExecutionSample/ {inside = 1; top = ""; stack = ""; next}
        inside && /line:/ {f = $1; sub(/\(.*/, "", f); if (top == "") top = f; stack = stack " " f}
        inside && /^}/ {inside = 0; n++; tops[top]++
            if (stack ~ /sun\.security\.ec|ECOperations|IntegerPolynomial/) ec++
            else if (stack ~ /com\.fasterxml/) json++
            else if (stack ~ /org\.h2|io\.telcred\.db|jdbc/) db++
            else if (stack ~ /org\.eclipse\.jetty\.websocket/) ws++
            else if (stack ~ /org\.eclipse\.jetty/) jetty++
            else other++}
        END {printf "  %d samples: ECDSA/EC arithmetic %.0f %%, JSON %.0f %%, database %.0f %%, Jetty WebSocket %.0f %%, other Jetty %.0f %%, the rest %.0f %%\n",
                n, 100 * ec / n, 100 * json / n, 100 * db / n, 100 * ws / n, 100 * jetty / n, 100 * other / n
            for (t in tops) printf "%d\t%s\n", tops[t], t > "/dev/stderr"}' "$WORK/samples.txt" 2>"$WORK/tops.txt"
    echo "  top frames (share of samples):"
    sort -rn "$WORK/tops.txt" | first 12 | awk -v total="$(awk '{s += $1} END {print s}' "$WORK/tops.txt")" -F'\t' '{printf "    %5.1f %%  %s\n", 100 * $1 / total, $2}'
}

report() {
    local heap0 heapN n0 nN per_session per_session_hist logins_median fresh_median punt_lines
    echo "telcred WebRTC signaling benchmark — $(date '+%Y-%m-%d %H:%M:%S %Z')"
    echo "machine: $(machine_info); $START_LOAD at the start, $(load_note) at the end"
    echo "jar: $JAR_INFO"
    echo "JDK $(jdk_version "$RTC_BENCH_JDK") at $RTC_BENCH_JDK (server and client)"
    echo "server: -Xms$RTC_BENCH_HEAP -Xmx$RTC_BENCH_HEAP G1 ${RTC_BENCH_JAVA_OPTS}; H2; TELCRED_LOG_LEVEL=WARN;"
    echo "  TELCRED_RTC_SESSIONS_PER_CREDENTIAL=$RTC_BENCH_SESSIONS_PER_CREDENTIAL, TELCRED_RTC_UNAUTHENTICATED_PER_ADDRESS=1000000,"
    echo "  TELCRED_RTC_RESUME_SECONDS=$RTC_BENCH_RESUME_SECONDS, TELCRED_RTC_REQUESTS_PER_SECOND default (20)"
    echo "client: bench/RtcSessionLoad.java, one NIO thread ($RTC_BENCH_CLIENT_OPTS), to 127.0.0.1:$HTTP_PORT/rtc only;" \
        "$RTC_BENCH_INFLIGHT logins in flight; local ports: $([[ $BIND == true ]] && echo "bound explicitly on 127.0.0.1, 1025-65535" || echo "the kernel's ($EPHEMERAL)")"
    echo "  open files: ulimit -n $(ulimit -n) (hard $(ulimit -Hn))"
    echo "fixtures: $FIXTURES_INFO"
    echo "  session i logs in as credential i / $RTC_BENCH_SESSIONS_PER_CREDENTIAL with one of its $RTC_BENCH_TOKENS_PER_CREDENTIAL tokens (i mod $RTC_BENCH_TOKENS_PER_CREDENTIAL)"
    echo
    echo "Raw ES256 verification rate of the JDK's SunEC (no server running; what a first-time login verified with before):"
    sed 's/^verify /  /' "$WORK/verify.txt"
    echo "CPU of one token signature check by implementation (bench/Es256VerifyBench.java on the jar's classes, thread CPU time,"
    echo "median of 5 rounds of 2 s; telcred verifies with bc-lightweight, before with nimbus):"
    sed -n 's/^verify impl=\([^ ]*\) us_cpu=\([^ ]*\) per_s_per_core=\([^ ]*\).*/\1 \2 \3/p' "$WORK/verify-impl.txt" \
        | awk '{printf "  %-16s %8.1f us  %7d /s per core\n", $1, $2, $3}'
    echo
    echo "JWT logins: each = TCP connect + WebSocket upgrade + login with login_token -> result with sessid + telnyx_rtc.clientReady"
    echo "(the login's time ends there), then telnyx_rtc.gatewayState -> REGED; $RTC_BENCH_INFLIGHT in flight; the sessions closed after each run."
    echo "srv%/cli%/oth% = CPU of the server / the client / everything else (100 = one core); us/login = server CPU per login."
    printf '  %-8s %7s %6s %8s %9s %8s %8s %8s %5s %5s %5s %8s  %s\n' run logins failed seconds logins/s p50_ms p99_ms max_ms srv% cli% oth% us/login failures
    local line
    while read -r line; do
        [[ -n $line ]] || continue
        printf '  %-8s %7s %6s %8s %9s %8s %8s %8s %5.0f %5.0f %5.0f %8s  %s\n' "$(field run "$line")" "$(field ok "$line")" \
            "$(field failed "$line")" "$(field seconds "$line")" "$(field per_s "$line")" "$(field p50_ms "$line")" \
            "$(field p99_ms "$line")" "$(field max_ms "$line")" "$(field server_cpu_pct "$line")" "$(field client_cpu_pct "$line")" \
            "$(field other_cpu_pct "$line")" "$(field server_us_per_login "$line")" "$(field failures "$line")"
    done < <(results warmup | sed 's/^/run=warm-up /'; results login; results fresh | sed 's/^run=/run=first-/'; results ramp | sed 's/^/run=ramp /')
    logins_median=$(results login | while read -r line; do field per_s "$line"; done | median)
    fresh_median=$(results fresh | while read -r line; do field per_s "$line"; done | median)
    echo "  median of the $RTC_BENCH_RUNS timed runs: $logins_median logins/s (tokens used before, as reconnects do);" \
        "first-time logins (first-N rows, a token never presented before each): $fresh_median logins/s"
    echo
    local ramp hold
    ramp=$(results ramp)
    hold=$(results hold)
    echo "Sessions held: $(field ok "$ramp") of $RTC_BENCH_SESSIONS opened (ramp row above; failed $(field failed "$ramp")${REQUESTED_SESSIONS:+; $REQUESTED_SESSIONS requested, capped by the open-files limit})."
    echo "  idle hold $(field seconds "$hold") s, a telnyx_rtc.ping per session every $RTC_BENCH_PING_SECONDS s spread evenly: open at the end $(field open "$hold"),"
    echo "  pings $(field pings "$hold"), answered $(field answered "$hold"), unanswered within an interval $(field unanswered "$hold"), answered after 10 s $(field late "$hold"),"
    echo "  errors $(field ping_errors "$hold"); ping answer p50 $(field ping_p50_ms "$hold") ms, p99 $(field ping_p99_ms "$hold") ms, max $(field ping_max_ms "$hold") ms;"
    echo "  sessions closed by the server $(field closes "$hold"), unexpected frames $(field frame_errors "$hold"); server CPU $(field server_cpu_pct "$hold") % of a core"
    local pdh pdp
    pdh=$(results ping_during_heap); pdp=$(results ping_during_punts)
    echo "  pings while the heap was weighed (full GCs): answered $(field answered "$pdh"), p99 $(field ping_p99_ms "$pdh") ms, max $(field ping_max_ms "$pdh") ms;" \
        "during the punts: answered $(field answered "$pdp"), p99 $(field ping_p99_ms "$pdp") ms, max $(field ping_max_ms "$pdp") ms"
    echo "  at the end: $(results end)"
    echo "  server GC over the whole run (-Xlog:gc): $(gc_pauses | awk '{printf "%d pauses, %s ms in all, longest %s ms", $1, $2, $3}')"
    echo
    heap0=$(results heap | sed -n 1p)
    heapN=$(results heap | sed -n 2p)
    n0=$(field sessions "$heap0")
    nN=$(field sessions "$heapN")
    per_session=$(calc "($(field used_kb "$heapN") - $(field used_kb "$heap0")) * 1024 / ($nN > 0 ? $nN : 1)")
    per_session_hist=$(calc "($(field histogram_bytes "$heapN") - $(field histogram_bytes "$heap0")) / ($nN > 0 ? $nN : 1)")
    echo "Heap (after a full GC: jcmd GC.run + GC.heap_info 'used'; and the GC.class_histogram total):"
    printf '  %9s %13s %12s %15s %9s\n' sessions registrations "used KB" "histogram B" "RSS MB"
    for line in "$heap0" "$heapN"; do
        printf '  %9s %13s %12s %15s %9.0f\n' "$(field sessions "$line")" "$(field registrations "$line")" "$(field used_kb "$line")" \
            "$(field histogram_bytes "$line")" "$(calc "$(field rss_kb "$line") / 1024")"
    done
    printf '  per session: %.0f B (heap used), %.0f B (histogram)\n' "$per_session" "$per_session_hist"
    echo "  (registrations = GET /v2/registrations meta.total_results: each session is a binding of its login)"
    local h0 hN
    h0=$(field histogram "$heap0"); hN=$(field histogram "$heapN")
    if [[ -f $h0 && -f $hN ]]; then
        mkdir -p "$KEEP_DIR"
        cp "$h0" "$KEEP_DIR/histogram-0.txt"; cp "$hN" "$KEEP_DIR/histogram-$nN.txt"
        echo "  growth by class from $n0 to $nN sessions, per session (bytes, instances); files in ${KEEP_DIR#"$ROOT"/}/:"
        histogram_growth "$h0" "$hN" "$nN"
        echo "  the same growth per session by the class's origin:"
        histogram_by_origin "$h0" "$hN" "$nN"
    fi
    echo
    echo "Deactivation to punt: POST /v2/telephony_credentials/{id}/actions/deactivate of a credential whose $RTC_BENCH_SESSIONS_PER_CREDENTIAL sessions are held;"
    echo "times from just before the request is sent, in the client: the HTTP answer, the first and the last telnyx_rtc.punt received, the last close."
    printf '  %4s %8s %7s %7s %9s %14s %13s %14s\n' n sessions punted closed http_ms first_punt_ms last_punt_ms last_close_ms
    while read -r line; do
        [[ -n $line ]] || continue
        printf '  %4s %8s %7s %7s %9s %14s %13s %14s%s\n' "$(field n "$line")" "$(field sessions "$line")" "$(field punted "$line")" \
            "$(field closed "$line")" "$(field http_ms "$line")" "$(field first_punt_ms "$line")" "$(field last_punt_ms "$line")" \
            "$(field last_close_ms "$line")" "$([[ $(field warmup "$line") == true ]] && echo "  (warm-up, not counted)")"
    done < <(results punt)
    punt_lines=$(results punt | grep 'warmup=false' || true)
    local first_med last_med last_max close_med close_max http_med
    col() { while read -r line; do [[ -n $line ]] && field "$1" "$line"; done <<<"$punt_lines"; }
    first_med=$(col first_punt_ms | median); last_med=$(col last_punt_ms | median)
    last_max=$(col last_punt_ms | sort -g | tail -1); close_med=$(col last_close_ms | median)
    close_max=$(col last_close_ms | sort -g | tail -1); http_med=$(col http_ms | median)
    echo "  median (max) of the $(grep -c . <<<"$punt_lines") timed: HTTP $http_med ms; first punt $first_med ms; last punt $last_med ($last_max) ms; last close $close_med ($close_max) ms"
    if [[ $RTC_BENCH_JFR == 1 ]]; then
        echo
        echo "JFR profile of the server during the ramp to $RTC_BENCH_SESSIONS sessions (settings=profile; ${KEEP_DIR#"$ROOT"/}/ramp.jfr):"
        mkdir -p "$KEEP_DIR"
        [[ -f $WORK/ramp.jfr ]] && cp "$WORK/ramp.jfr" "$KEEP_DIR/"
        jfr_summary "$WORK/ramp.jfr"
    fi
    echo
    local held
    held=$(field ok "$ramp")
    echo "Summary and targets:"
    printf '  %-44s %16s %16s  %s\n' figure measured target verdict
    printf '  %-44s %16s %16s  %s\n' "sessions held (idle, pinging)" "$held" ">= $TARGET_SESSIONS" \
        "$(pass "$held >= $TARGET_SESSIONS && $(field open "$hold") >= $held")$([[ -n ${REQUESTED_SESSIONS:-} ]] && echo " (capped by the open-files limit)")"
    printf '  %-44s %16.0f %16s  %s\n' "heap per session (B, live after full GC)" "$per_session" "<= $TARGET_BYTES_PER_SESSION" "$(pass "$per_session <= $TARGET_BYTES_PER_SESSION")"
    printf '  %-44s %16s %16s  %s\n' "JWT logins/s (median of $RTC_BENCH_RUNS runs)" "$logins_median" ">= $TARGET_LOGINS_PER_S" "$(pass "$logins_median >= $TARGET_LOGINS_PER_S")"
    if [[ $fresh_median != n/a ]]; then
        printf '  %-44s %16s %16s  %s\n' "first-time JWT logins/s (median)" "$fresh_median" ">= $TARGET_LOGINS_PER_S" \
            "$(pass "$fresh_median >= $TARGET_LOGINS_PER_S")"
    fi
    printf '  %-44s %16s %16s  %s\n' "deactivation to last punt, median (ms)" "$last_med" "<= $TARGET_PUNT_MS" "$(pass "$last_med <= $TARGET_PUNT_MS")"
    printf '  %-44s %16s %16s  %s\n' "deactivation to last punt, max (ms)" "$last_max" "<= $TARGET_PUNT_MS" "$(pass "$last_max <= $TARGET_PUNT_MS")"
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
    [[ -x $RTC_BENCH_JDK/bin/java ]] || die "no $RTC_BENCH_JDK/bin/java"
    prepare_jar "${RTC_BENCH_JAR:-$ROOT/target/telcred.jar}" -o
    raise_limits
    START_LOAD=$(load_note)
    log "$RTC_BENCH_SESSIONS sessions, $RTC_BENCH_RUNS login runs of $RTC_BENCH_LOGINS, $START_LOAD"

    # The client, compiled once (a single-file source launch would compile it for every mode).
    mkdir -p "$WORK/classes"
    "$RTC_BENCH_JDK/bin/javac" -d "$WORK/classes" "$BENCH_DIR/RtcSessionLoad.java"
    local -a client
    # shellcheck disable=SC2206  # RTC_BENCH_CLIENT_OPTS is a list of options
    client=("$RTC_BENCH_JDK/bin/java" $RTC_BENCH_CLIENT_OPTS -cp "$WORK/classes" RtcSessionLoad)

    wait_for_quiet "$RTC_BENCH_QUIET_WAIT" "$RTC_BENCH_QUIET_MAX_PCT"
    log "raw ES256 verification rate of the JDK (1 and 2 threads, 5 s each), and the CPU of one verification by implementation"
    "${client[@]}" verify-rate 10 5 1,2 >"$WORK/verify.txt"
    "$RTC_BENCH_JDK/bin/java" -cp "$JAR" "$BENCH_DIR/Es256VerifyBench.java" 2 5 >"$WORK/verify-impl.txt"

    log "starting the server"
    start_server
    local connection_id most credentials
    connection_id=$(create_connection rtcb rtc-bench)
    most=$RTC_BENCH_SESSIONS
    ((RTC_BENCH_LOGINS > most)) && most=$RTC_BENCH_LOGINS
    credentials=$(( (most + RTC_BENCH_SESSIONS_PER_CREDENTIAL - 1) / RTC_BENCH_SESSIONS_PER_CREDENTIAL ))
    # The first-time logins take a token each, from credentials of their own after those of the sessions.
    credentials=$((credentials + (RTC_BENCH_RUNS * RTC_BENCH_FRESH_LOGINS + RTC_BENCH_TOKENS_PER_CREDENTIAL - 1) / RTC_BENCH_TOKENS_PER_CREDENTIAL))
    log "creating $credentials credentials and minting $RTC_BENCH_TOKENS_PER_CREDENTIAL tokens each"
    "${client[@]}" fixtures "$BASE_URL" "$API_KEY" "$connection_id" "$credentials" "$RTC_BENCH_TOKENS_PER_CREDENTIAL" 32 \
        "$WORK/tokens.txt" >"$WORK/fixtures.txt" || { cat "$WORK/fixtures.txt" >&2; die "creating the fixtures failed"; }
    FIXTURES_INFO=$(sed -n 's/^fixtures //p' "$WORK/fixtures.txt")
    log "fixtures: $FIXTURES_INFO"

    wait_for_quiet "$RTC_BENCH_QUIET_WAIT" "$RTC_BENCH_QUIET_MAX_PCT"
    log "running the client (warm-up, $RTC_BENCH_RUNS login runs, heap at 0, ramp to $RTC_BENCH_SESSIONS, hold ${RTC_BENCH_HOLD_SECONDS} s, heap at N, punts)"
    "${client[@]}" run port="$HTTP_PORT" key="$API_KEY" tokens="$WORK/tokens.txt" \
        tokens_per_credential="$RTC_BENCH_TOKENS_PER_CREDENTIAL" per_credential="$RTC_BENCH_SESSIONS_PER_CREDENTIAL" \
        sessions="$RTC_BENCH_SESSIONS" warmup="$RTC_BENCH_WARMUP_LOGINS" login_runs="$RTC_BENCH_RUNS" logins="$RTC_BENCH_LOGINS" \
        fresh="$RTC_BENCH_FRESH_LOGINS" \
        inflight="$RTC_BENCH_INFLIGHT" hold="$RTC_BENCH_HOLD_SECONDS" ping="$RTC_BENCH_PING_SECONDS" \
        punts="$RTC_BENCH_PUNTS" punt_warmup="$RTC_BENCH_PUNT_WARMUP" server_pid="$SERVER_PID" \
        jcmd="$RTC_BENCH_JDK/bin/jcmd" out="$WORK" clk_tck="$(getconf CLK_TCK)" bind="$BIND" \
        jfr="$([[ $RTC_BENCH_JFR == 1 ]] && echo true || echo false)" \
        > >(tee "$WORK/client.out" | sed -u 's/^RESULT /[client] /' >&2) 2> >(sed -u 's/^/[client] /' >&2) &
    CLIENT_PID=$!
    wait "$CLIENT_PID" || die "the client failed (exit $?)"
    CLIENT_PID=""
    sleep 0.5
    kill -0 "$SERVER_PID" 2>/dev/null || die "the server died (log: $SERVER_LOG)"
    check_server_log
    report | tee "$RESULT_FILE"
    stop_server
    log "written to ${RESULT_FILE#"$ROOT"/}$([[ -d $KEEP_DIR ]] && echo " (histograms, server log: ${KEEP_DIR#"$ROOT"/}/)")"
}

main "$@"
