#!/usr/bin/env bash
# HTTP benchmark of telcred: what the HTTP stack does on a trivial route, and how fast
# on-demand credentials are created and login tokens minted, per JDK and per database.
#
#   bash bench/http-bench.sh                 # from the repo root; see bench/README.md
#
# Settings (environment):
#   BENCH_JDKS             space/comma separated JDK homes (default: JDK 17 and the newest under /usr/lib/jvm)
#   BENCH_DATABASES        h2,postgres (default both; postgres is skipped with a note if unreachable)
#   BENCH_SECONDS          measured seconds per phase and run (default 20)
#   BENCH_RUNS             runs per phase; the median is reported (default 3)
#   BENCH_WARMUP_SECONDS   load before the first measured run of each phase (default 10)
#   BENCH_CONNECTIONS      concurrent keep-alive clients (default 64)
#   BENCH_WRK_THREADS      wrk threads (default 2: the machine has 2 cores, shared with the server)
#   BENCH_SIGN_SECONDS     seconds per raw ES256 signing measurement (default 5)
#   BENCH_JAVA_OPTS        extra JVM options for the server
#   BENCH_JFR              1: record a JFR profile of each phase's first run and print where the time goes
#   BENCH_JAR              the jar to test (default target/telcred.jar, built if missing; a copy is used)
#   BENCH_BASELINE_JAR     a jar to compare it with (e.g. an earlier build; a copy is used): its server runs beside
#                          the tested one's and every warm-up and run is made on both in turn, the baseline's first,
#                          so that other work on the machine hits both alike; the table adds its rows (JDK-base) and,
#                          beside the tested jar's req/s, p99 and CPU ms/req, the ratio tested/baseline ('/base');
#                          both servers then take free loopback ports for SIP instead of the standard ones
#   BENCH_PG_URL_BASE      default jdbc:postgresql://127.0.0.1:5432/test
#   BENCH_QUIET_WAIT       before each measured run, wait up to this many seconds (default 120) for the
#                          machine to be quiet: at most BENCH_QUIET_MAX_PCT (default 15) % of one core busy
#   BENCH_MAX_OTHER_PCT    a run during which other processes used more than this % of one core (default 10)
#   BENCH_RETRIES          is repeated up to this many times (default 2); the least disturbed attempt is kept
#
# Output: progress while running, then the table; the table is also written to
# bench/results/http-<date>.txt (bench/results/ is git-ignored).

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/lib.sh
source "$ROOT/scripts/lib.sh"
BENCH_DIR="$ROOT/bench"
LOG_TAG=bench

BENCH_SECONDS=${BENCH_SECONDS:-20}
BENCH_RUNS=${BENCH_RUNS:-3}
BENCH_WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-10}
BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-64}
BENCH_WRK_THREADS=${BENCH_WRK_THREADS:-2}
BENCH_SIGN_SECONDS=${BENCH_SIGN_SECONDS:-5}
BENCH_DATABASES=${BENCH_DATABASES:-h2,postgres}
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS:-}
BENCH_JFR=${BENCH_JFR:-0}
BENCH_PG_URL_BASE=${BENCH_PG_URL_BASE:-jdbc:postgresql://127.0.0.1:5432/test}
BENCH_QUIET_WAIT=${BENCH_QUIET_WAIT:-120}
BENCH_QUIET_MAX_PCT=${BENCH_QUIET_MAX_PCT:-15}
BENCH_MAX_OTHER_PCT=${BENCH_MAX_OTHER_PCT:-10}
BENCH_RETRIES=${BENCH_RETRIES:-2}
BENCH_BASELINE_JAR=${BENCH_BASELINE_JAR:-}
PG_HOST=127.0.0.1 PG_PORT=5432 PG_USER=postgres PG_DB=test

# The project's targets, printed beside the figures.
TARGET_CREATES_PER_S=2000
TARGET_CREATE_P99_MS=50
TARGET_MINT_PCT_OF_SIGN=70

PHASES=(health create mint)
CLK_TCK=$(getconf CLK_TCK)
STAMP=$(date +%Y%m%d-%H%M%S)
RESULTS_DIR="$BENCH_DIR/results"
RESULT_FILE="$RESULTS_DIR/http-$STAMP.txt"

WORK=$(mktemp -d /tmp/telcred-bench.XXXXXX)
RECORDS="$WORK/records.tsv"     # one line per measured run: jdk db phase run figures...
SIGN_RECORDS="$WORK/sign.tsv"   # one line per raw signing measurement: jdk threads round rate
NOTES="$WORK/notes.txt"         # skipped databases, server errors, profiles: printed under the table
: >"$RECORDS"; : >"$SIGN_RECORDS"; : >"$NOTES"

SERVER_PID=""
PG_SCHEMA=""
# What each server has of its own: with BENCH_BASELINE_JAR two run side by side (switch_server, scripts/lib.sh).
SERVER_VARS=(JAR SERVER_PID BASE_URL API_KEY SERVER_LOG PG_SCHEMA CONNECTION_ID CREDENTIAL_ID)
SERVER_NAME=tested
JAR_NAMES=(tested)

# ---------------------------------------------------------------------------------------------
# Cleanup: whatever happens, the servers we started are stopped and the schemas we made are dropped.
# ---------------------------------------------------------------------------------------------
cleanup() {
    local name
    for name in "${JAR_NAMES[@]}"; do
        switch_server "$name"
        stop_server || true
        drop_pg_schema || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------
# Prerequisites
# ---------------------------------------------------------------------------------------------
# The default JDK list: 17 (the project's baseline) and the newest JDK installed.
default_jdks() {
    local base=/usr/lib/jvm/java-17-openjdk-amd64 newest="" newest_major=0 dir major
    for dir in /usr/lib/jvm/*/; do
        dir=${dir%/}
        [[ -L $dir || ! -x $dir/bin/java || ! -f $dir/release ]] && continue
        major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$dir/release")
        if [[ -n $major ]] && (( major > newest_major )); then newest=$dir newest_major=$major; fi
    done
    echo "$base"
    if [[ -n $newest && $(readlink -f "$newest") != $(readlink -f "$base") ]]; then echo "$newest"; fi
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL: a schema of our own per server, dropped afterwards
# ---------------------------------------------------------------------------------------------
psql_cmd() { PGCONNECT_TIMEOUT=5 psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" -v ON_ERROR_STOP=1 -qAt "$@"; }

pg_reachable() { command -v psql >/dev/null && psql_cmd -c 'SELECT 1' >/dev/null 2>&1; }

pg_ticks() {  # CPU ticks of all PostgreSQL server processes: the database's share of the work
    { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk '$2 == "(postgres)" {s += $14 + $15} END {print s + 0}'
}

create_pg_schema() {
    PG_SCHEMA="bench_$(random_chars 12 'a-z0-9')"
    psql_cmd -c "CREATE SCHEMA $PG_SCHEMA" >/dev/null
}

drop_pg_schema() {
    [[ -n $PG_SCHEMA ]] || return 0
    psql_cmd -c "DROP SCHEMA IF EXISTS $PG_SCHEMA CASCADE" >/dev/null 2>&1 || log "could not drop schema $PG_SCHEMA"
    PG_SCHEMA=""
}

# ---------------------------------------------------------------------------------------------
# The server
# ---------------------------------------------------------------------------------------------
# start_server JDK DB: starts telcred with a fresh data dir (and, for postgres, a fresh schema),
# sets SERVER_PID, BASE_URL and API_KEY, and waits for GET /health = 200.
start_server() {
    local jdk=$1 db=$2 port data_dir
    port=$(free_port)
    data_dir=$(mktemp -d "$WORK/data-XXXX")
    API_KEY=$(new_api_key)
    BASE_URL="http://127.0.0.1:$port"
    SERVER_LOG="$WORK/server-$(basename "$jdk")-$db$(jar_suffix).log"
    server_env "$data_dir" "$port"
    if [[ $db == postgres ]]; then
        create_pg_schema
        SERVER_ENV+=(TELCRED_DATABASE_URL="$BENCH_PG_URL_BASE?currentSchema=$PG_SCHEMA"
                     TELCRED_DATABASE_USER="$PG_USER" TELCRED_DATABASE_PASSWORD=)
    fi
    # Beside a baseline jar's server, neither may hold SIP's standard ports (0.0.0.0:5060, 5066): both take
    # free loopback ports, for SIP sits idle here.
    if [[ -n $BENCH_BASELINE_JAR ]]; then
        SERVER_ENV+=(TELCRED_SIP_BIND_HOST=127.0.0.1 TELCRED_SIP_UDP_PORT=0 TELCRED_SIP_TCP_PORT=0 TELCRED_SIP_WS_PORT=0)
    fi
    # shellcheck disable=SC2086  # BENCH_JAVA_OPTS is a list of options
    launch_server "$jdk" $BENCH_JAVA_OPTS
    await_server 90
}

# One credential connection for the creates, and one credential whose token is minted.
create_fixtures() {
    CONNECTION_ID=$(create_connection bench bench)
    CREDENTIAL_ID=$(api POST /v2/telephony_credentials "{\"connection_id\":\"$CONNECTION_ID\"}" | jq -r .data.id)
    [[ -n $CONNECTION_ID && $CONNECTION_ID != null && -n $CREDENTIAL_ID && $CREDENTIAL_ID != null ]] \
        || die "could not create the fixtures"
}

# ---------------------------------------------------------------------------------------------
# Load
# ---------------------------------------------------------------------------------------------
# run_wrk PHASE SECONDS OUTFILE: runs wrk; writes its output and, last, "WRKCPU <user> <sys>".
run_wrk() {
    local phase=$1 secs=$2 outfile=$3 method path body key
    case $phase in
        health) method=GET path=/health body="" key="" ;;
        create) method=POST path=/v2/telephony_credentials body="{\"connection_id\":\"$CONNECTION_ID\"}" key=$API_KEY ;;
        mint) method=POST path="/v2/telephony_credentials/$CREDENTIAL_ID/token" body="" key=$API_KEY ;;
    esac
    local TIMEFORMAT='%3U %3S'
    # bash's time keyword gives the load generator's own CPU, which shares the 2 cores with the server.
    { time wrk -t"$BENCH_WRK_THREADS" -c"$BENCH_CONNECTIONS" -d"${secs}s" --timeout 10s --latency \
        -s "$BENCH_DIR/wrk-request.lua" "$BASE_URL" -- "$method" "$path" "$body" "$key" >"$outfile" 2>&1; } 2>"$outfile.time"
    echo "WRKCPU $(cat "$outfile.time")" >>"$outfile"
}

# field NAME FILE: the value of NAME=... on the RESULT line.
field() { sed -n "s/^RESULT.* $1=\([^ ]*\).*/\1/p" "$2"; }

# measure JDKLABEL DB PHASE RUN: one measured run, appended to $RECORDS. A run that other
# processes disturbed is repeated (BENCH_RETRIES times at most) and the least disturbed one kept.
measure() {
    local jdk_label=$1 db=$2 phase=$3 run=$4 attempt best="" best_other=""
    for ((attempt = 0; attempt <= BENCH_RETRIES; attempt++)); do
        measure_once "$@" "$attempt"
        local other
        other=$(cut -f15 "$WORK/record")
        # Failed requests are reported whether or not this attempt is the one kept.
        awk -F'\t' -v a="$attempt" '$8 > 0 || $9 > 0 {
            printf "%s %s %s run %s attempt %d: %s non-2xx (%s), %s socket errors\n", $1, $2, $3, $4, a + 1, $8, $16, $9}' \
            "$WORK/record" >>"$NOTES"
        if [[ -z $best ]] || ((other < best_other)); then best=$(<"$WORK/record") best_other=$other; fi
        ((best_other <= BENCH_MAX_OTHER_PCT)) && break
        ((attempt < BENCH_RETRIES)) && log "other processes took ${other}% of a core during that run; measuring it again"
    done
    printf '%s\n' "$best" >>"$RECORDS"
}

# measure_once JDKLABEL DB PHASE RUN ATTEMPT: one run; its record goes to $WORK/record.
measure_once() {
    local jdk_label=$1 db=$2 phase=$3 run=$4 attempt=$5 out="$WORK/wrk-$1-$2-$3-$4.txt"
    local jfr_name="" jfr_file=""
    wait_for_quiet "$BENCH_QUIET_WAIT" "$BENCH_QUIET_MAX_PCT"
    if [[ $BENCH_JFR == 1 && $run == 1 && $attempt == 0 ]]; then
        jfr_name="bench-$phase" jfr_file="$RESULTS_DIR/http-$STAMP-$jdk_label-$db-$phase.jfr"
        "$JDK/bin/jcmd" "$SERVER_PID" JFR.start name="$jfr_name" settings=profile filename="$jfr_file" >/dev/null
    fi
    local ticks_before ticks_after busy_before busy_after pg_before pg_after
    busy_before=$(machine_busy_ticks) pg_before=$(pg_ticks)
    ticks_before=$(cpu_ticks "$SERVER_PID")
    run_wrk "$phase" "$BENCH_SECONDS" "$out"
    ticks_after=$(cpu_ticks "$SERVER_PID")
    busy_after=$(machine_busy_ticks) pg_after=$(pg_ticks)
    if [[ -n $jfr_name ]]; then
        "$JDK/bin/jcmd" "$SERVER_PID" JFR.stop name="$jfr_name" >/dev/null
        summarize_jfr "$jfr_file" "$jdk_label $db $phase (run 1)" >>"$NOTES"
    fi
    grep -q '^RESULT' "$out" || { cat "$out" >&2; die "wrk printed no result for $phase"; }
    kill -0 "$SERVER_PID" 2>/dev/null || die "the server died during $phase (log: $SERVER_LOG)"

    local requests duration_us rps cpu_ms_per_req sockerr wrkcpu
    requests=$(field requests "$out")
    duration_us=$(field duration_us "$out")
    sockerr=$(($(field connect_err "$out") + $(field read_err "$out") + $(field write_err "$out") + $(field timeout_err "$out")))
    rps=$(awk -v r="$requests" -v d="$duration_us" 'BEGIN {printf "%.1f", r / (d / 1e6)}')
    cpu_ms_per_req=$(awk -v t=$((ticks_after - ticks_before)) -v hz="$CLK_TCK" -v r="$requests" \
        'BEGIN {printf "%.3f", r ? t * 1000 / hz / r : 0}')
    # Server CPU and wrk CPU as % of one core over the phase (200 % = both cores).
    local server_cpu_pct wrk_cpu_pct
    server_cpu_pct=$(awk -v t=$((ticks_after - ticks_before)) -v hz="$CLK_TCK" -v d="$duration_us" \
        'BEGIN {printf "%.0f", t / hz / (d / 1e6) * 100}')
    wrkcpu=$(sed -n 's/^WRKCPU //p' "$out")
    wrk_cpu_pct=$(awk -v u="${wrkcpu% *}" -v s="${wrkcpu#* }" -v d="$duration_us" 'BEGIN {printf "%.0f", (u + s) / (d / 1e6) * 100}')
    # PostgreSQL's processes (ours, or another user's), and whatever else ran on the machine
    # meanwhile: all busy CPU less the server's, wrk's and PostgreSQL's.
    local pg_cpu_pct other_cpu_pct
    pg_cpu_pct=$(awk -v t=$((pg_after - pg_before)) -v hz="$CLK_TCK" -v d="$duration_us" 'BEGIN {printf "%.0f", t / hz / (d / 1e6) * 100}')
    other_cpu_pct=$(awk -v b=$((busy_after - busy_before)) -v hz="$CLK_TCK" -v d="$duration_us" -v s="$server_cpu_pct" \
        -v w="$wrk_cpu_pct" -v p="$pg_cpu_pct" 'BEGIN {x = b / hz / (d / 1e6) * 100 - s - w - p; printf "%.0f", (x < 0 ? 0 : x)}')
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$jdk_label" "$db" "$phase" "$run" "$rps" \
        "$(field p50_us "$out")" "$(field p99_us "$out")" "$(field non2xx "$out")" "$sockerr" \
        "$cpu_ms_per_req" "$(rss_kb "$SERVER_PID")" "$server_cpu_pct" "$wrk_cpu_pct" "$pg_cpu_pct" "$other_cpu_pct" \
        "$(field statuses "$out")" >"$WORK/record"
    log "$jdk_label $db $phase run $run: $rps req/s, p50 $(field p50_us "$out") us, p99 $(field p99_us "$out") us, non-2xx $(field non2xx "$out"), server CPU ${server_cpu_pct}% wrk CPU ${wrk_cpu_pct}% PostgreSQL ${pg_cpu_pct}% other ${other_cpu_pct}%"
}

# ---------------------------------------------------------------------------------------------
# Raw ES256 signing rate of a JDK (measured while no server runs, so it has both cores)
# ---------------------------------------------------------------------------------------------
measure_signing() {
    local jdk=$1 jdk_label=$2 out="$WORK/sign-$2.txt"
    wait_for_quiet "$BENCH_QUIET_WAIT" "$BENCH_QUIET_MAX_PCT"
    log "$jdk_label: raw ES256 signing rate (${BENCH_RUNS} rounds of ${BENCH_SIGN_SECONDS} s, 1 and 2 threads)"
    # The program repeats a measurement that other processes disturbed (more than
    # BENCH_MAX_OTHER_PCT of a core) and reports the least disturbed attempt.
    "$jdk/bin/java" "$BENCH_DIR/Es256SignRate.java" 3 "$BENCH_SIGN_SECONDS" "$BENCH_RUNS" 1,2 "$BENCH_MAX_OTHER_PCT" >"$out" 2>&1 \
        || { cat "$out" >&2; die "Es256SignRate failed on $jdk"; }
    sed -n 's/^es256 threads=\([0-9]*\) round=\([0-9]*\) signs_per_s=\([0-9.]*\) other_cpu_pct=\([0-9-]*\)/\1 \2 \3 \4/p' "$out" |
        while read -r threads round rate other; do
            printf '%s\t%s\t%s\t%s\t%s\n' "$jdk_label" "$threads" "$round" "$rate" "$other"
        done >>"$SIGN_RECORDS"
    awk -F'\t' -v j="$jdk_label" -v max="$BENCH_MAX_OTHER_PCT" '$1 == j && $5 > max {
        printf "%s: raw signing, %s thread(s), round %s: other processes used %s%% of a core even after retries: skewed.\n", $1, $2, $3, $5}' \
        "$SIGN_RECORDS" >>"$NOTES"
    SIGN_PROVIDER=$(sed -n 's/^es256 provider=\([^ ]*\).*/\1/p' "$out")
}

# ---------------------------------------------------------------------------------------------
# JFR: where the server's time goes in one phase
# ---------------------------------------------------------------------------------------------
# Samples are summarised by bench/jfr-samples.awk, with this bench's components (bench/jfr-buckets-http.awk).
summarize_jfr() {
    local file=$1 title=$2
    [[ -f $file ]] || { echo "no JFR file for $title"; return; }
    echo
    echo "JFR profile: $title — $file"
    "$JDK/bin/jfr" print --events jdk.ExecutionSample --stack-depth 96 "$file" | awk -f "$BENCH_DIR/jfr-buckets-http.awk" -f "$BENCH_DIR/jfr-samples.awk"
    # GC pauses stretch the latency tail.
    "$JDK/bin/jfr" print --events jdk.GarbageCollection "$file" | awk '
        function ms(v, unit) { return unit == "s" ? v * 1000 : unit == "us" ? v / 1000 : unit == "ns" ? v / 1e6 : v }
        /^[[:space:]]+name = / { name = $3 }
        /^[[:space:]]+sumOfPauses = / { p = ms($3, $4); n++; total += p; if (p > max) max = p; names[name]++ }
        END { if (n) { printf "  GC: %d collections, %.0f ms of pauses in all, longest %.1f ms (", n, total, max
                       sep = ""; for (k in names) { printf "%s%s %d", sep, k, names[k]; sep = ", " }; print ")" } }'
    # Blocking on monitors (the profile settings record waits over 10 ms): who waits for what.
    "$JDK/bin/jfr" print --events jdk.JavaMonitorEnter --stack-depth 3 "$file" | awk '
        function ms(v, unit) { return unit == "s" ? v * 1000 : unit == "us" ? v / 1000 : unit == "ns" ? v / 1e6 : v }
        /^jdk\.JavaMonitorEnter/ { n++ }
        /^[[:space:]]+duration = / { d = ms($3, $4) }
        /monitorClass = / { c = $0; sub(/.*monitorClass = /, "", c); sub(/ \(classLoader.*/, "", c) }
        /stackTrace = \[/ { getline; f = $0; sub(/^[[:space:]]+/, "", f); sub(/[[:space:]]+line:.*/, "", f)
                             k[c " at " f]++; t[c " at " f] += d; total += d }
        END { if (n) { printf "  Monitor waits over 10 ms: %d, %.1f s in all (count, seconds, monitor):\n", n, total / 1000
                       for (x in k) printf "    %6d %7.1f  %s\n", k[x], t[x] / 1000, x | "sort -rn | head -5" } }'
}

# ---------------------------------------------------------------------------------------------
# One JDK × database: start, fixtures, warm-up, measured runs, stop
# ---------------------------------------------------------------------------------------------
# With BENCH_BASELINE_JAR the baseline's server runs beside the tested one's, and each step below is
# made on both in turn, the baseline's first; its figures are labelled JDK-base (jar_suffix).
bench_server() {
    local jdk=$1 jdk_label=$2 db=$3 phase run name
    for name in "${JAR_NAMES[@]}"; do
        switch_server "$name"
        log "$jdk_label$(jar_suffix) $db: starting the server"
        start_server "$jdk" "$db"
        create_fixtures
    done
    # Each phase is warmed up right before its runs. Interleaving the phases run by run was tried
    # and is misleading on JDK 17: its code-cache sweeper throws away the compiled code of a route
    # that sat idle through the other phases (e.g. the ECDSA field arithmetic), and the next run
    # of that route then measures the interpreter and the JIT recompiling it. With a baseline jar,
    # each server only sits idle while the other one runs the same phase.
    for phase in "${PHASES[@]}"; do
        for name in "${JAR_NAMES[@]}"; do
            switch_server "$name"
            wait_for_quiet "$BENCH_QUIET_WAIT" "$BENCH_QUIET_MAX_PCT"
            log "$jdk_label$(jar_suffix) $db: warming up $phase for $BENCH_WARMUP_SECONDS s"
            run_wrk "$phase" "$BENCH_WARMUP_SECONDS" "$WORK/warmup-$phase.txt"
        done
        for run in $(seq 1 "$BENCH_RUNS"); do
            for name in "${JAR_NAMES[@]}"; do
                switch_server "$name"
                measure "$jdk_label$(jar_suffix)" "$db" "$phase" "$run"
            done
        done
    done
    for name in "${JAR_NAMES[@]}"; do
        switch_server "$name"
        finish_server "$jdk_label$(jar_suffix)" "$db"
    done
}

# finish_server LABEL DB: records the server's peak RSS, stops it, drops its schema and checks its log.
finish_server() {
    local label=$1 db=$2 hwm errors
    hwm=$(hwm_kb "$SERVER_PID")
    printf '%s\t%s\t%s\n' "$label" "$db" "$hwm" >>"$WORK/hwm.tsv"
    stop_server
    drop_pg_schema
    # The server logs every unexpected (500) error at ERROR; at WARN level nothing else should appear.
    # JVM warnings (e.g. a full code cache) say the figures are not the code's own.
    errors=$(grep -c -E 'ERROR|Exception|VM warning' "$SERVER_LOG" || true)
    if ((errors > 0)); then
        note "$label $db: the server log has $errors ERROR/exception/VM warning lines; first ones:"
        grep -m 5 -E 'ERROR|Exception|VM warning' "$SERVER_LOG" >>"$NOTES"
        cp "$SERVER_LOG" "$RESULTS_DIR/http-$STAMP-$label-$db-server.log"
    fi
}

# ---------------------------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------------------------
# med_col JDK DB PHASE COLUMN: the median over runs of one column of $RECORDS.
med_col() { awk -F'\t' -v j="$1" -v d="$2" -v p="$3" -v c="$4" '$1 == j && $2 == d && $3 == p {print $c}' "$RECORDS" | median; }
sum_col() { awk -F'\t' -v j="$1" -v d="$2" -v p="$3" -v c="$4" '$1 == j && $2 == d && $3 == p {s += $c} END {print s + 0}' "$RECORDS"; }
sign_median() { awk -F'\t' -v j="$1" -v t="$2" '$1 == j && $2 == t {print $4}' "$SIGN_RECORDS" | median; }
# vs_base LABEL DB PHASE COLUMN: with a baseline jar, the column beside a median: LABEL's / the baseline's.
vs_base() {
    [[ -n $BENCH_BASELINE_JAR ]] || return 0
    ratio_cell "$1" "$(med_col "$1" "$2" "$3" "$4")" "$(med_col "$1-base" "$2" "$3" "$4")"
}

report() {
    local jdk jdk_label db phase label w
    w=$(label_width)
    echo "telcred HTTP benchmark — $(date '+%Y-%m-%d %H:%M:%S %Z')"
    echo "machine: $(machine_info)"
    echo "jar: $JAR_INFO"
    if [[ -n $BENCH_BASELINE_JAR ]]; then
        echo "baseline jar: $BASELINE_INFO (rows JDK-base), its server beside the tested jar's, each warm-up and run made on both in turn"
    fi
    echo "load: wrk -t$BENCH_WRK_THREADS -c$BENCH_CONNECTIONS keep-alive on loopback (sharing the cores with the server); ${BENCH_WARMUP_SECONDS} s warm-up per phase, then $BENCH_RUNS run(s) x $BENCH_SECONDS s, each phase warmed up right before its runs"
    [[ -n $BENCH_JAVA_OPTS ]] && echo "server JVM options: $BENCH_JAVA_OPTS"
    [[ $BENCH_JFR == 1 ]] && echo "JFR was recording during run 1 of each phase (its figures carry the profiler's cost)"
    for jdk in "${JDKS[@]}"; do
        echo "JDK $(jdk_version "$jdk") at $jdk:"
        "$jdk/bin/java" -version 2>&1 | sed 's/^/    /'
    done
    echo
    echo "Raw ES256 signing (SHA256withECDSA, P-256, ${SIGN_PROVIDER:-?}, 300-byte input), median of $BENCH_RUNS x ${BENCH_SIGN_SECONDS} s; no server running:"
    printf '  %-10s %12s %12s   %s\n' JDK "1 thread/s" "2 threads/s" "each round (1 thr / 2 thr)"
    for jdk in "${JDKS[@]}"; do
        jdk_label=$(jdk_version "$jdk")
        printf '  %-10s %12.0f %12.0f   %s\n' "$jdk_label" "$(sign_median "$jdk_label" 1)" "$(sign_median "$jdk_label" 2)" \
            "$(awk -F'\t' -v j="$jdk_label" '$1 == j {r[$3] = r[$3] (r[$3] ? " / " : "") sprintf("%.0f", $4)} END {for (i = 1; i in r; i++) printf "%s%s", (i > 1 ? ", " : ""), r[i]}' "$SIGN_RECORDS")"
    done
    echo
    echo "HTTP, median of $BENCH_RUNS run(s) (each column's median taken separately). 'vs health' = req/s / health req/s;"
    echo "'CPU ms/req' = server CPU time (utime+stime) / requests; 'srv%'/'wrk%' = CPU of the server / of wrk (100 = one core).
(CPU ms/req counts the telcred JVM only; with PostgreSQL, pg% is the database's CPU on top.)"
    printf '%-*s %-8s %-6s %9s%s %8s %8s%s %7s %7s %10s%s %6s %5s %5s %5s %5s %9s  %s\n' \
        "$w" JDK DB phase "req/s" "$(ratio_head)" "p50 ms" "p99 ms" "$(ratio_head)" non-2xx sockerr "CPU ms/req" "$(ratio_head)" \
        "RSS MB" "srv%" "wrk%" "pg%" "oth%" "vs health" "each run: req/s (p99 ms)"
    for jdk in "${JDKS[@]}"; do
        jdk_label=$(jdk_version "$jdk")
        for db in "${DATABASES[@]}"; do
            for label in ${BENCH_BASELINE_JAR:+"$jdk_label-base"} "$jdk_label"; do
                grep -q "^$label	$db	" "$RECORDS" || continue
                local health_rps
                health_rps=$(med_col "$label" "$db" health 5)
                for phase in "${PHASES[@]}"; do
                    local rps runs
                    rps=$(med_col "$label" "$db" "$phase" 5)
                    runs=$(awk -F'\t' -v j="$label" -v d="$db" -v p="$phase" -v max="$BENCH_MAX_OTHER_PCT" '$1 == j && $2 == d && $3 == p {
                        printf "%s%.0f (%.1f)%s", (n++ ? ", " : ""), $5, $7 / 1000, ($15 > max ? "!" : "")}' "$RECORDS")
                    printf '%-*s %-8s %-6s %9.0f%s %8.2f %8.2f%s %7s %7s %10.3f%s %6.0f %5.0f %5.0f %5.0f %5.0f %9s  %s\n' \
                        "$w" "$label" "$db" "$phase" "$rps" "$(vs_base "$label" "$db" "$phase" 5)" \
                        "$(awk -v x="$(med_col "$label" "$db" "$phase" 6)" 'BEGIN {print x / 1000}')" \
                        "$(awk -v x="$(med_col "$label" "$db" "$phase" 7)" 'BEGIN {print x / 1000}')" "$(vs_base "$label" "$db" "$phase" 7)" \
                        "$(sum_col "$label" "$db" "$phase" 8)" "$(sum_col "$label" "$db" "$phase" 9)" \
                        "$(med_col "$label" "$db" "$phase" 10)" "$(vs_base "$label" "$db" "$phase" 10)" \
                        "$(awk -v x="$(med_col "$label" "$db" "$phase" 11)" 'BEGIN {print x / 1024}')" \
                        "$(med_col "$label" "$db" "$phase" 12)" "$(med_col "$label" "$db" "$phase" 13)" \
                        "$(med_col "$label" "$db" "$phase" 14)" "$(med_col "$label" "$db" "$phase" 15)" \
                        "$(awk -v a="$rps" -v b="$health_rps" 'BEGIN {printf "%.3f", (b > 0 ? a / b : 0)}')" "$runs"
                done
            done
        done
    done
    echo "(non-2xx and sockerr are totals over all measured runs; they must be 0. RSS is after each phase."
    echo " pg% = CPU of all PostgreSQL processes; oth% = CPU of everything else on the machine during the run;"
    echo " a run with oth% over $BENCH_MAX_OTHER_PCT was repeated up to $BENCH_RETRIES times, keeping the least disturbed attempt;"
    echo " '!' marks a run still over $BENCH_MAX_OTHER_PCT: other work took CPU from the benchmark and its figures are skewed.)"
    if [[ -n $BENCH_BASELINE_JAR ]]; then
        echo "('/base' = the tested jar's median / the baseline jar's (rows JDK-base) of the column to its left: above 1 for req/s,"
        echo " below 1 for p99 and CPU ms/req, the tested jar does better. The raw signing rate above involves no jar.)"
    fi
    awk -F'\t' '$16 != "-" && $16 != "" {print "  non-2xx statuses in " $1 " " $2 " " $3 " run " $4 ": " $16}' "$RECORDS"
    echo
    echo "Targets: creates >= $TARGET_CREATES_PER_S/s with p99 < $TARGET_CREATE_P99_MS ms on H2; mints >= $TARGET_MINT_PCT_OF_SIGN % of the raw 2-thread signing rate"
    for jdk in "${JDKS[@]}"; do
        jdk_label=$(jdk_version "$jdk")
        for db in "${DATABASES[@]}"; do
            grep -q "^$jdk_label	$db	" "$RECORDS" || continue
            local create_rps create_p99 mint_rps sign2 pct peak
            create_rps=$(med_col "$jdk_label" "$db" create 5)
            create_p99=$(awk -v x="$(med_col "$jdk_label" "$db" create 7)" 'BEGIN {print x / 1000}')
            mint_rps=$(med_col "$jdk_label" "$db" mint 5)
            sign2=$(sign_median "$jdk_label" 2)
            pct=$(awk -v a="$mint_rps" -v b="$sign2" 'BEGIN {printf "%.1f", (b > 0 ? a * 100 / b : 0)}')
            peak=$(awk -F'\t' -v j="$jdk_label" -v d="$db" '$1 == j && $2 == d {printf "%.0f", $3 / 1024}' "$WORK/hwm.tsv" 2>/dev/null)
            local create_note=""
            [[ $db != h2 ]] && create_note=" (the create target is for H2)"
            printf '  %-8s %-8s creates %6.0f/s %s, create p99 %.1f ms %s%s; mints %6.0f/s = %s %% of %.0f signs/s %s; peak RSS %s MB\n' \
                "$jdk_label" "$db" "$create_rps" "$(pass "$create_rps >= $TARGET_CREATES_PER_S")" \
                "$create_p99" "$(pass "$create_p99 < $TARGET_CREATE_P99_MS")" "$create_note" \
                "$mint_rps" "$pct" "$sign2" "$(pass "$pct >= $TARGET_MINT_PCT_OF_SIGN")" "${peak:-?}"
        done
    done
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
    ensure_package wrk wrk
    command -v jq >/dev/null || die "jq is needed (apt-get install -y jq)"
    prepare_jar "${BENCH_JAR:-$ROOT/target/telcred.jar}"
    [[ -z $BENCH_BASELINE_JAR ]] || prepare_baseline_jar "$BENCH_BASELINE_JAR"

    select_jdks "${BENCH_JDKS:-}"
    local jdk db
    read -ra DATABASES <<<"${BENCH_DATABASES//,/ }"
    for db in "${DATABASES[@]}"; do [[ $db == h2 || $db == postgres ]] || die "unknown database '$db' (h2, postgres)"; done
    if [[ " ${DATABASES[*]} " == *" postgres "* ]] && ! pg_reachable; then
        note "PostgreSQL at $PG_HOST:$PG_PORT (user $PG_USER, database $PG_DB) is not reachable: skipped."
        local -a kept=()
        for db in "${DATABASES[@]}"; do [[ $db == postgres ]] || kept+=("$db"); done
        DATABASES=("${kept[@]}")
    fi
    log "JDKs: ${JDKS[*]}; databases: ${DATABASES[*]:-none}; $BENCH_RUNS run(s) x $BENCH_SECONDS s per phase${BENCH_BASELINE_JAR:+, each also on the baseline jar $BENCH_BASELINE_JAR}"

    for jdk in "${JDKS[@]}"; do
        JDK=$jdk
        local jdk_label
        jdk_label=$(jdk_version "$jdk")
        measure_signing "$jdk" "$jdk_label"
        for db in "${DATABASES[@]}"; do
            bench_server "$jdk" "$jdk_label" "$db"
        done
    done

    report | tee "$RESULT_FILE"
    log "written to ${RESULT_FILE#"$ROOT"/}"
}

main "$@"
