#!/usr/bin/env bash
# Fault figures of a two-node telcred cluster under a register/refresh load over UDP: a rolling
# restart, and Redis stopped for a while. The phones are bench/ClusterPhones.java: each registers
# with digest authentication and refreshes, preferring one node and using the other on a 503 or
# no answer, as a phone with two SRV targets does.
#
#   bash bench/cluster-faults.sh                                  # from the repo root; see bench/README.md
#   CF_RUNS=1 CF_PHONES=1000 CF_RATE=500 bash bench/cluster-faults.sh   # a quick look
#
# Each run of a scenario starts afresh: a new PostgreSQL schema in database `test` on
# 127.0.0.1:5432 (user postgres, dropped afterwards), a redis-server of its own on a free loopback
# port (never the machine's 6379), two `java -jar` nodes on free loopback ports, CF_PHONES
# on-demand credentials, and the phones.
#
# Settings (environment):
#   CF_SCENARIOS          which scenarios to run (default "restart redis")
#   CF_RUNS               runs of each scenario; the figures are medians (default 3)
#   CF_PHONES             phones, each with its own on-demand credential (default 4000)
#   CF_RATE               registrations per second the phones make together (default 2000): each phone
#                         refreshes every CF_PHONES / CF_RATE seconds
#   CF_EXPIRES            the Expires the phones ask for (default 120)
#   CF_WARMUP_SECONDS     load before the fault, once every phone is registered (default 20): the JVMs
#                         start cold, and the figures count from its end
#   CF_SETTLE_SECONDS     load after the fault, before the final check (default 10)
#   CF_NODE_TIMEOUT_MS    TELCRED_NODE_TIMEOUT_MS of the nodes (default 40000): longer than a restart
#   CF_RETRY_AFTER        TELCRED_SHUTDOWN_RETRY_AFTER_SECONDS (default 40): longer than a restart, so that
#                         phones told 503 send nothing to the node while it is down
#   CF_MIN_DRAIN          TELCRED_SHUTDOWN_MIN_DRAIN_SECONDS (default: the refresh interval + 1 s, rounded up)
#   CF_TAKEN_LOAD         a restarted node has "taken load" once it accepts this share of its phones'
#                         registrations in a second (default 0.8)
#   CF_REDIS_DOWN_SECONDS how long Redis stays stopped (default 30)
#   CF_TIMEOUT_MS         a phone's wait for an answer before it tries the other node (default 32000, RFC 3261's
#                         Timer F; it retransmits at 500 ms, doubling up to 4 s apart)
#   CF_SAMPLE_MS          how often the phones compare each node's full listing with what they hold (default 2000)
#   CF_HEAP               each node's heap (default 512m)
#   CF_JAR                the jar (default target/telcred.jar, built if missing; a copy is used)
#   JAVA                  the java binary (default: java)
#
# Output: progress, then per scenario each run's figures and the medians; also written to
# bench/results/cluster-faults-<date>-<time>.txt (git-ignored), with the phones' and nodes' logs.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/lib.sh
source "$ROOT/scripts/lib.sh"
LOG_TAG=cluster-faults

CF_SCENARIOS=${CF_SCENARIOS:-restart redis}
CF_RUNS=${CF_RUNS:-3}
CF_PHONES=${CF_PHONES:-4000}
CF_RATE=${CF_RATE:-2000}
CF_EXPIRES=${CF_EXPIRES:-120}
CF_WARMUP_SECONDS=${CF_WARMUP_SECONDS:-20}
CF_SETTLE_SECONDS=${CF_SETTLE_SECONDS:-10}
CF_NODE_TIMEOUT_MS=${CF_NODE_TIMEOUT_MS:-40000}
CF_RETRY_AFTER=${CF_RETRY_AFTER:-40}
CF_MIN_DRAIN=${CF_MIN_DRAIN:-$(awk -v p="$CF_PHONES" -v r="$CF_RATE" 'BEGIN {s = p / r + 1; print (s == int(s)) ? s : int(s) + 1}')}
CF_TAKEN_LOAD=${CF_TAKEN_LOAD:-0.8}
CF_REDIS_DOWN_SECONDS=${CF_REDIS_DOWN_SECONDS:-30}
CF_TIMEOUT_MS=${CF_TIMEOUT_MS:-32000}
CF_SAMPLE_MS=${CF_SAMPLE_MS:-2000}
CF_HEAP=${CF_HEAP:-512m}
JAVA=${JAVA:-java}
STARTUP_SECONDS=90

WORK=$(mktemp -d "${TMPDIR:-/tmp}/telcred-cluster-faults.XXXXXX")
NOTES="$WORK/notes"
RESULTS_DIR="$ROOT/bench/results"
STAMP=$(date +%Y%m%d-%H%M%S)
REPORT="$RESULTS_DIR/cluster-faults-$STAMP.txt"
KEEP_DIR="$RESULTS_DIR/cluster-faults-$STAMP"
mkdir -p "$KEEP_DIR"
: >"$NOTES"

NODE_PIDS=(0 "" "")
REDIS_PID=""
PHONES_PID=""
POLLER_PID=""
SCHEMA=""

psql_test() { PGCONNECT_TIMEOUT=5 psql -h 127.0.0.1 -p 5432 -U postgres -d test -v ON_ERROR_STOP=1 -qAt "$@"; }
now_ms() { date +%s%3N; }

# ---------------------------------------------------------------------------------------------
# The cluster: its Redis, its schema, its two nodes
# ---------------------------------------------------------------------------------------------
start_redis() {
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --dir "$RUN_DIR" \
        >>"$RUN_DIR/redis.log" 2>&1 &
    REDIS_PID=$!
    for _ in $(seq 1 50); do
        redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    die "redis-server did not start on port $REDIS_PORT (see $RUN_DIR/redis.log)"
}

stop_redis() {
    [[ -n $REDIS_PID ]] || return 0
    kill -9 "$REDIS_PID" 2>/dev/null || true
    wait "$REDIS_PID" 2>/dev/null || true
    REDIS_PID=""
}

# launch_node N: starts node N (again) with its id, ports and the shared settings.
launch_node() {
    local n=$1
    local -a master=()
    [[ -f $RUN_DIR/master.key ]] && master=(TELCRED_MASTER_KEY="$(cat "$RUN_DIR/master.key")")
    mkdir -p "$RUN_DIR/node$n"
    (cd "$RUN_DIR/node$n" && exec env $(env | sed -n 's/^\(TELCRED_[A-Z0-9_]*\)=.*/-u \1/p') \
        TELCRED_CONFIG_FILE="$RUN_DIR/none.properties" TELCRED_DATA_DIR="$RUN_DIR/node$n/data" \
        TELCRED_HTTP_HOST=127.0.0.1 TELCRED_HTTP_PORT="${HTTP_PORTS[$n]}" \
        TELCRED_BOOTSTRAP_API_KEY="$API_KEY" "${master[@]}" \
        TELCRED_DATABASE_URL="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$SCHEMA" TELCRED_DATABASE_USER=postgres \
        TELCRED_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" TELCRED_NODE_ID="node-$n" \
        TELCRED_NODE_TIMEOUT_MS="$CF_NODE_TIMEOUT_MS" \
        TELCRED_SIP_BIND_HOST=127.0.0.1 TELCRED_SIP_ADVERTISED_HOST=127.0.0.1 \
        TELCRED_SIP_UDP_PORT="${SIP_PORTS[$n]}" TELCRED_SIP_TCP_PORT="${SIP_PORTS[$n]}" \
        TELCRED_SIP_TLS_PORT=-1 TELCRED_SIP_WS_PORT=-1 TELCRED_SIP_WSS_PORT=-1 \
        TELCRED_SIP_TRUSTED_ADDRESSES=127.0.0.0/8 TELCRED_HTTP_MAX_PAGE_SIZE=10000 \
        TELCRED_SHUTDOWN_RETRY_AFTER_SECONDS="$CF_RETRY_AFTER" TELCRED_SHUTDOWN_MIN_DRAIN_SECONDS="$CF_MIN_DRAIN" \
        TELCRED_LOG_LEVEL=INFO "$JAVA" -Xms"$CF_HEAP" -Xmx"$CF_HEAP" -jar "$JAR") >>"$RUN_DIR/node$n.log" 2>&1 &
    NODE_PIDS[$n]=$!
}

# await_ready N: waits until node N answers GET /ready 200; prints the time it took in ms.
await_ready() {
    local n=$1 started deadline
    started=$(now_ms) deadline=$((SECONDS + STARTUP_SECONDS))
    until [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:${HTTP_PORTS[$n]}/ready") == 200 ]]; do
        kill -0 "${NODE_PIDS[$n]}" 2>/dev/null || { tail -n 30 "$RUN_DIR/node$n.log" >&2; die "node $n exited during start-up"; }
        ((SECONDS < deadline)) || die "node $n was not ready within $STARTUP_SECONDS s"
        sleep 0.1
    done
    echo $(($(now_ms) - started))
}

start_cluster() {
    RUN_DIR="$WORK/$1"
    mkdir -p "$RUN_DIR"
    SCHEMA="faults_$(random_chars 12 'a-z0-9')"
    psql_test -c "CREATE SCHEMA $SCHEMA" >/dev/null
    REDIS_PORT=$(free_port)
    HTTP_PORTS=(0 "$(free_port)" "$(free_port)")
    SIP_PORTS=(0 "$(free_port)" "$(free_port)")
    API_KEY=$(new_api_key)
    start_redis
    launch_node 1
    await_ready 1 >/dev/null
    cp "$RUN_DIR/node1/data/master.key" "$RUN_DIR/master.key"
    launch_node 2
    await_ready 2 >/dev/null
    BASE_URL="http://127.0.0.1:${HTTP_PORTS[1]}"
    local connection
    connection=$(create_connection faults cluster-faults)
    log "creating $CF_PHONES on-demand credentials"
    "$JAVA" "$ROOT/bench/CreateCredentials.java" "$BASE_URL" "$API_KEY" "$connection" "$CF_PHONES" 16 \
        "$RUN_DIR/credentials.csv" >"$RUN_DIR/create.log" || die "could not create the credentials (see $RUN_DIR/create.log)"
}

stop_cluster() {
    stop_pid "$POLLER_PID"; POLLER_PID=""
    if [[ -n $PHONES_PID ]]; then
        touch "$RUN_DIR/stop"
        wait "$PHONES_PID" 2>/dev/null || true
        PHONES_PID=""
    fi
    local n
    for n in 1 2; do stop_pid "${NODE_PIDS[$n]}"; NODE_PIDS[$n]=""; done
    stop_redis
    if [[ -n $SCHEMA ]]; then psql_test -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true; fi
    SCHEMA=""
    if [[ -n ${RUN_DIR:-} && -d $RUN_DIR ]]; then
        mkdir -p "$KEEP_DIR/$(basename "$RUN_DIR")"
        cp "$RUN_DIR"/*.log "$RUN_DIR"/*.txt "$KEEP_DIR/$(basename "$RUN_DIR")/" 2>/dev/null || true
    fi
}

cleanup() {
    local status=$?
    stop_cluster
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------
# The load and what is watched
# ---------------------------------------------------------------------------------------------
start_phones() {
    rm -f "$RUN_DIR/stop"
    "$JAVA" "$ROOT/bench/ClusterPhones.java" creds="$RUN_DIR/credentials.csv" \
        sip="127.0.0.1:${SIP_PORTS[1]},127.0.0.1:${SIP_PORTS[2]}" \
        http="http://127.0.0.1:${HTTP_PORTS[1]},http://127.0.0.1:${HTTP_PORTS[2]}" key="$API_KEY" \
        rate="$CF_RATE" expires="$CF_EXPIRES" timeout_ms="$CF_TIMEOUT_MS" down_seconds=10 sample_ms="$CF_SAMPLE_MS" \
        stop="$RUN_DIR/stop" >"$RUN_DIR/phones.txt" 2>"$RUN_DIR/phones.log" &
    PHONES_PID=$!
    local deadline=$((SECONDS + 120))
    until grep -q "registered=$CF_PHONES\$" "$RUN_DIR/phones.txt" 2>/dev/null; do
        kill -0 "$PHONES_PID" 2>/dev/null || { cat "$RUN_DIR/phones.log" >&2; die "the phones exited"; }
        ((SECONDS < deadline)) || die "not every phone registered within 120 s: $(tail -n 1 "$RUN_DIR/phones.txt")"
        sleep 0.5
    done
}

# The poller: every 250 ms, each node's /ready and listing total, with whether it carried Warning 199.
start_poller() {
    (
        while :; do
            for n in 1 2; do
                local head ready total warning
                ready=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:${HTTP_PORTS[$n]}/ready" || true)
                head=$(curl -s -g -D - --max-time 2 -H "Authorization: Bearer $API_KEY" \
                    "http://127.0.0.1:${HTTP_PORTS[$n]}/v2/registrations?page[size]=1" || true)
                total=$(grep -o '"total_results":[0-9]*' <<<"$head" | cut -d: -f2 || true)
                warning=0
                grep -qi '^Warning: 199' <<<"$head" && warning=1
                echo "$(now_ms) $n ${ready:-000} ${total:--} $warning"
            done
            sleep 0.25
        done
    ) >"$RUN_DIR/poll.txt" 2>/dev/null &
    POLLER_PID=$!
}

stop_phones() {
    touch "$RUN_DIR/stop"
    wait "$PHONES_PID" 2>/dev/null || true
    PHONES_PID=""
    stop_pid "$POLLER_PID"
    POLLER_PID=""
}

# counter NAME [FROM_MS TO_MS]: the sum of a counter of the phones' per-second lines (within the window).
counter() {
    awk -v name="$1" -v from="${2:-0}" -v to="${3:-9999999999999}" '$1 == "second" {
        split($2, t, "="); if (t[2] < from || t[2] > to) next
        for (i = 3; i <= NF; i++) { split($i, kv, "="); if (kv[1] == name) sum += kv[2] } } END { print sum + 0 }' \
        "$RUN_DIR/phones.txt"
}

# errors_by_kind FROM_MS TO_MS: the phones' counts in the window other than registrations made, 503s, and
# retransmissions and their late answers (a slow answer, not a failure), as " name=count ...", or " none".
errors_by_kind() {
    awk -v from="$1" -v to="$2" '$1 == "second" { split($2, t, "="); if (t[2] < from || t[2] > to) next
        for (i = 3; i <= NF; i++) { split($i, kv, "=")
            if (kv[1] !~ /^(attempted|succeeded|registered|ok[.][12]|503[.][12]|retransmit[.][12]|late)$/) c[kv[1]] += kv[2] } }
        END { for (k in c) out = out " " k "=" c[k]; print (out == "" ? " none" : out) }' "$RUN_DIR/phones.txt"
}

# slow_answers FROM_MS TO_MS: retransmissions and late answers in the window.
slow_answers() {
    echo "retransmissions $(($(counter retransmit.1 "$1" "$2") + $(counter retransmit.2 "$1" "$2"))), late answers $(counter late "$1" "$2")"
}

# listing_checks KIND: "samples=N with_missing=M max_missing=X" over the phones' KIND (sample/final) lines of up nodes.
listing_checks() {
    awk -v kind="$1" '$1 == kind && /missing=/ { n++; for (i = 1; i <= NF; i++) { split($i, kv, "=")
        if (kv[1] == "missing") { if (kv[2] > 0) bad++; if (kv[2] > max) max = kv[2] } } }
        END { printf "checks=%d with_missing=%d max_missing=%d", n, bad, max }' "$RUN_DIR/phones.txt"
}

# ---------------------------------------------------------------------------------------------
# Scenario: rolling restart
# ---------------------------------------------------------------------------------------------
# waits until node N accepts CF_TAKEN_LOAD of its phones' share of CF_RATE in one second; prints the ms it took.
await_load() {
    local n=$1 since=$2 want deadline
    want=$(awk -v r="$CF_RATE" -v f="$CF_TAKEN_LOAD" 'BEGIN {printf "%d", r / 2 * f}')
    deadline=$((SECONDS + 3 * CF_RETRY_AFTER + 60))
    while ((SECONDS < deadline)); do
        local at
        at=$(awk -v name="ok.$n" -v from="$since" -v want="$want" '$1 == "second" {
            split($2, t, "="); if (t[2] < from) next
            for (i = 3; i <= NF; i++) { split($i, kv, "="); if (kv[1] == name && kv[2] >= want) { print t[2]; exit } } }' \
            "$RUN_DIR/phones.txt")
        if [[ -n $at ]]; then echo $((at - since)); return; fi
        sleep 0.5
    done
    echo "never"
}

scenario_restart() {
    local run=$1 n
    start_cluster "restart-$run"
    start_phones
    start_poller
    sleep "$CF_WARMUP_SECONDS"
    local from to
    from=$(now_ms)
    for n in 1 2; do
        local stopped exited ready_ms down_ms load_ms
        log "restarting node $n (SIGTERM)"
        stopped=$(now_ms)
        kill -TERM "${NODE_PIDS[$n]}"
        wait "${NODE_PIDS[$n]}" 2>/dev/null || true
        exited=$(now_ms)
        launch_node "$n"
        ready_ms=$(await_ready "$n")
        down_ms=$(($(now_ms) - exited))
        grep -h "took back" "$RUN_DIR/node$n.log" | tail -n 1 | sed 's/^/    /' >&2 || true
        load_ms=$(await_load "$n" "$(now_ms)")
        log "node $n: drained and exited in $((exited - stopped)) ms, ready $down_ms ms after exit, took load $load_ms ms after"
        echo "restart node=$n stop_ms=$((exited - stopped)) down_ms=$down_ms took_load_ms=$load_ms" >>"$RUN_DIR/events.txt"
    done
    to=$(now_ms)
    sleep "$CF_SETTLE_SECONDS"
    local end
    end=$(now_ms)
    stop_phones
    local attempted succeeded e503_1 e503_2
    attempted=$(counter attempted "$from" "$end"); succeeded=$(counter succeeded "$from" "$end")
    e503_1=$(counter 503.1 "$from" "$end"); e503_2=$(counter 503.2 "$from" "$end")
    {
        echo "restart run $run, from the end of the warm-up to the end ($(((end - from) / 1000)) s; the restarts took $(((to - from) / 1000)) s):"
        echo "  registrations attempted=$attempted succeeded=$succeeded; 503s seen: from node 1 $e503_1, from node 2 $e503_2"
        echo "  client errors by kind:$(errors_by_kind "$from" "$end"); $(slow_answers "$from" "$end")"
        echo "  during the warm-up (cold JVMs):$(errors_by_kind 0 "$from"); $(slow_answers 0 "$from")"
        echo "  listings sampled during the run: $(listing_checks sample)"
        echo "  final listings: $(awk '$1 == "final"' "$RUN_DIR/phones.txt" | sed 's/ t=[0-9]*//' | tr '\n' ';')"
        sed 's/^/  /' "$RUN_DIR/events.txt"
    } | tee -a "$REPORT"
    echo "restart attempted=$attempted succeeded=$succeeded failed=$((attempted - succeeded)) 503s=$((e503_1 + e503_2))" \
        "errors=$(errors_by_kind "$from" "$end" | awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); n += kv[2] } } END { print n + 0 }')" \
        "$(listing_checks sample) $(awk '{printf "node%s_%s node%s_%s node%s_%s ", substr($2, 6), $3, substr($2, 6), $4, substr($2, 6), $5}' \
        "$RUN_DIR/events.txt")" >>"$WORK/figures"
    stop_cluster
}

# ---------------------------------------------------------------------------------------------
# Scenario: Redis stopped
# ---------------------------------------------------------------------------------------------
# ready_timeline N FROM: node N's /ready from the poller as "status from +s" at each change.
ready_timeline() {
    awk -v n="$1" -v from="$2" '$2 == n { if ($3 != last) { printf "%s from %+.1fs, ", $3, ($1 - from) / 1000; last = $3 } }' \
        "$RUN_DIR/poll.txt" | sed 's/, $//'
}

scenario_redis() {
    local run=$1 n
    start_cluster "redis-$run"
    start_phones
    start_poller
    sleep "$CF_WARMUP_SECONDS"
    local from down up agreed="" end
    from=$(now_ms)
    log "stopping Redis for $CF_REDIS_DOWN_SECONDS s"
    down=$(now_ms)
    stop_redis
    sleep "$CF_REDIS_DOWN_SECONDS"
    start_redis
    up=$(now_ms)
    log "Redis is back"
    local deadline=$((SECONDS + 120))
    while ((SECONDS < deadline)); do
        # Agreement: the last poll of each node is ready and both list the same total.
        agreed=$(awk -v up="$up" '$1 >= up { ready[$2] = $3; total[$2] = $4; at = $1
            if (ready[1] == 200 && ready[2] == 200 && total[1] != "-" && total[1] == total[2]) { print at - up; exit } }' \
            "$RUN_DIR/poll.txt")
        [[ -n $agreed ]] && break
        sleep 0.5
    done
    sleep "$CF_SETTLE_SECONDS"
    end=$(now_ms)
    stop_phones
    {
        echo "redis run $run: Redis down for $(((up - down) / 1000)) s; every node ready and listing the same total ${agreed:-never} ms after it came back"
        for n in 1 2; do
            local refused
            refused=$(awk -v n="$n" -v from="$down" -v to="$up" '$1 == "second" { split($2, t, "="); if (t[2] < from || t[2] > to + 1000) next
                for (i = 3; i <= NF; i++) { split($i, kv, "="); if (kv[1] ~ "^(error|timeout|503)[.]" n) c[kv[1]] += kv[2] } }
                END { for (k in c) printf "%s=%d ", k, c[k] }' "$RUN_DIR/phones.txt")
            echo "  node $n while Redis was down: registrations accepted $(counter "ok.$n" "$down" "$((up + 1000))")," \
                "refused: ${refused:-none}; listings with Warning 199: $(awk -v n="$n" -v from="$down" -v to="$up" \
                '$2 == n && $1 >= from && $1 <= to { c++; w += $5 } END { printf "%d of %d", w, c }' "$RUN_DIR/poll.txt")"
            echo "    /ready: $(ready_timeline "$n" "$down")"
        done
        echo "  from the end of the warm-up to the end: attempted=$(counter attempted "$from" "$end")" \
            "succeeded=$(counter succeeded "$from" "$end"); client errors by kind:$(errors_by_kind "$from" "$end");" \
            "$(slow_answers "$from" "$end")"
        echo "  final listings: $(awk '$1 == "final"' "$RUN_DIR/phones.txt" | sed 's/ t=[0-9]*//' | tr '\n' ';')"
    } | tee -a "$REPORT"
    echo "redis agreed_ms=${agreed:-never} accepted_while_down=$(($(counter ok.1 "$down" "$((up + 1000))") + $(counter ok.2 "$down" "$((up + 1000))")))" \
        "attempted=$(counter attempted "$from" "$end") succeeded=$(counter succeeded "$from" "$end")" \
        >>"$WORK/figures"
    stop_cluster
}

# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------
command -v redis-server >/dev/null || die "redis-server is missing (apt-get install redis-server)"
psql_test -c 'SELECT 1' >/dev/null 2>&1 || die "PostgreSQL on 127.0.0.1:5432 (user postgres, database test) is not reachable"
prepare_jar "${CF_JAR:-$ROOT/target/telcred.jar}"
{
    echo "cluster-faults $STAMP: $JAR_INFO; $(machine_info); load average $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "phones=$CF_PHONES rate=$CF_RATE/s expires=$CF_EXPIRES node_timeout=${CF_NODE_TIMEOUT_MS}ms" \
        "retry_after=${CF_RETRY_AFTER}s min_drain=${CF_MIN_DRAIN}s phone_timeout=${CF_TIMEOUT_MS}ms"
} | tee "$REPORT"
for run in $(seq 1 "$CF_RUNS"); do
    for scenario in $CF_SCENARIOS; do
        log "scenario $scenario, run $run of $CF_RUNS"
        "scenario_$scenario" "$run"
    done
done
# The median of each figure, per scenario, with each run's value.
{
    echo "medians over $CF_RUNS runs (each run's value in brackets):"
    for scenario in $CF_SCENARIOS; do
        awk -v s="$scenario" '$1 == s { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (!(kv[1] in seen)) { seen[kv[1]] = 1; order[++n] = kv[1] }
            v[kv[1]] = v[kv[1]] " " kv[2] } } END { for (k = 1; k <= n; k++) print s, order[k], v[order[k]] }' "$WORK/figures" |
            while read -r name figure values; do
                printf '  %-8s %-22s %10s  [%s]\n' "$name" "$figure" "$(tr ' ' '\n' <<<"$values" | grep -E '^-?[0-9.]+$' | median)" "$values"
            done
    done
} | tee -a "$REPORT"
