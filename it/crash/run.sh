#!/usr/bin/env bash
# Crash test: every create answered 201 survives kill -9 of the server, and so does every webhook
# waiting in the outbox.
#
#   bash it/crash/run.sh [path/to/telcred.jar]
#
# Per database and run: starts telcred from a copy of the jar (default: target/telcred.jar) on a
# free loopback port with a fresh data directory (and, for PostgreSQL, a fresh schema of database
# `test` on 127.0.0.1:5432 as `postgres`), creates a credential connection, lets CRASH_CLIENTS
# clients create credentials back to back (it/crash/CrashClient.java), kills the server with
# SIGKILL after CRASH_LOAD_SECONDS, starts it again on the same data, and checks that every id
# answered 201 is listed. Prints one PASS/FAIL line per run with the count lost, ends with
# "N passed, M failed" and exits 1 if M > 0. Stops what it started and removes its files and schemas.
#
# Then, per database, the webhook run: a receiver on 127.0.0.1 (it/crash/receiver.py) answers 503;
# WEBHOOK_LOGINS credentials log in on the WebRTC gateway (it/crash/WebhookLogins.java), each making
# a credential.registered webhook; once the delivery log shows every one attempted and not
# delivered, the server is killed with SIGKILL; the receiver turns to 200 and the server starts
# again on the same data: every one of those webhooks must arrive exactly once.
#
# Settings (environment):
#   CRASH_DATABASES      h2,postgres (default both; postgres fails when unreachable)
#   CRASH_RUNS           runs per database (default 1)
#   CRASH_CLIENTS        concurrent clients (default 16)
#   CRASH_LOAD_SECONDS   seconds of load before the kill (default 5)
#   WEBHOOK_LOGINS       webhooks in the outbox at the kill (default 20)
#   JAVA                 the java binary (default: java)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=../../scripts/lib.sh
source "$ROOT/scripts/lib.sh"
JAR_SOURCE="${1:-$ROOT/target/telcred.jar}"
JAVA="${JAVA:-java}"
CRASH_DATABASES="${CRASH_DATABASES:-h2,postgres}"
CRASH_RUNS="${CRASH_RUNS:-1}"
CRASH_CLIENTS="${CRASH_CLIENTS:-16}"
CRASH_LOAD_SECONDS="${CRASH_LOAD_SECONDS:-5}"
WEBHOOK_LOGINS="${WEBHOOK_LOGINS:-20}"
# The first retry of a refused webhook waits this long: time enough to kill the server before it.
WEBHOOK_RETRY_MILLIS=5000
# The client stops by itself after this long even if the kill never came.
CLIENT_MAX_SECONDS=$((CRASH_LOAD_SECONDS + 60))
STARTUP_TIMEOUT_SECONDS=60
PG_BASE="jdbc:postgresql://127.0.0.1:5432/test"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/telcred-crash-it.XXXXXX")"
SERVER_PID=""
CLIENT_PID=""
RECEIVER_PID=""
SCHEMA=""
PASSED=0
FAILED=0

log() { printf '%s\n' "crash-it: $*"; }

psql_test() { PGCONNECT_TIMEOUT=5 psql -h 127.0.0.1 -p 5432 -U postgres -d test -v ON_ERROR_STOP=1 -qAt "$@"; }

drop_schema() {
    [[ -n "$SCHEMA" ]] || return 0
    psql_test -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || log "could not drop schema $SCHEMA"
    SCHEMA=""
}

cleanup() {
    local status=$?
    stop_pid "$CLIENT_PID"
    stop_pid "$SERVER_PID"
    stop_pid "$RECEIVER_PID"
    drop_schema
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

[[ -f "$JAR_SOURCE" ]] || { log "no jar at $JAR_SOURCE (build it with: mvn -B package -DskipTests)"; exit 2; }
cp "$JAR_SOURCE" "$WORK/telcred.jar"
JAR="$WORK/telcred.jar"

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start_server DIR PORT API_KEY [DATABASE_URL [NAME=VALUE...]]: telcred in the background on DIR's data,
# SIP on free ports, with these settings besides.
start_server() {
    local dir=$1 port=$2 key=$3 url=${4:-}
    shift $(( $# < 4 ? $# : 4 ))
    (
        cd "$dir"
        exec env "$@" TELCRED_DATA_DIR="$dir/data" TELCRED_HTTP_HOST=127.0.0.1 TELCRED_HTTP_PORT="$port" \
            TELCRED_BOOTSTRAP_API_KEY="$key" TELCRED_CONFIG_FILE="$dir/none.properties" TELCRED_LOG_LEVEL=WARN \
            ${url:+TELCRED_DATABASE_URL="$url" TELCRED_DATABASE_USER=postgres} \
            TELCRED_SIP_BIND_HOST=127.0.0.1 TELCRED_SIP_UDP_PORT=0 TELCRED_SIP_TCP_PORT=0 \
            TELCRED_SIP_TLS_PORT=-1 TELCRED_SIP_WS_PORT=-1 TELCRED_SIP_WSS_PORT=-1 \
            "$JAVA" -jar "$JAR"
    ) >>"$dir/server.log" 2>&1 &
    SERVER_PID=$!
    if ! wait_for_health "http://127.0.0.1:$port" "$SERVER_PID" "$STARTUP_TIMEOUT_SECONDS"; then
        log "telcred did not come up; its log:"
        tail -n 50 "$dir/server.log" >&2
        return 1
    fi
}

kill_server() {
    kill -9 "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}

# new_schema: a fresh schema of database test for one run; prints its JDBC URL.
new_schema() {
    SCHEMA="crash_$(random_chars 12 'a-z0-9')"
    psql_test -c "CREATE SCHEMA $SCHEMA" >/dev/null
    echo "$PG_BASE?currentSchema=$SCHEMA"
}

# crash_run DB N: one load, kill -9, restart and check; prints PASS or FAIL with the count lost.
crash_run() {
    local db=$1 n=$2 dir="$WORK/$1-$2" port key url="" base connection lost
    mkdir -p "$dir"
    port=$(free_port)
    key=$(new_api_key)
    base="http://127.0.0.1:$port"
    if [[ $db == postgres ]]; then
        url=$(new_schema)
    fi
    start_server "$dir" "$port" "$key" "$url" || { FAILED=$((FAILED + 1)); log "FAIL $db run $n: no server"; return; }
    connection=$(curl -sf -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
        -d "{\"connection_name\":\"crash\",\"user_name\":\"crash$(random_chars 8 'a-z0-9')\",\"password\":\"crash-test-password\"}" \
        "$base/v2/credential_connections" | jq -r .data.id)

    "$JAVA" "$HERE/CrashClient.java" create "$base" "$key" "$connection" "$CRASH_CLIENTS" "$CLIENT_MAX_SECONDS" \
        "$dir/acknowledged.txt" >"$dir/client.out" 2>"$dir/client.err" &
    CLIENT_PID=$!
    # The client compiles itself first; count the load from its first acknowledged create.
    local deadline=$((SECONDS + 60))
    until (( SECONDS >= deadline )); do
        [[ "$(curl -s -H "Authorization: Bearer $key" "$base/v2/telephony_credentials?page%5Bsize%5D=1" \
            | jq -r '.meta.total_results // 0')" -gt 0 ]] && break
        sleep 0.2
    done
    sleep "$CRASH_LOAD_SECONDS"
    kill_server
    wait "$CLIENT_PID" || true
    CLIENT_PID=""

    start_server "$dir" "$port" "$key" "$url" || { FAILED=$((FAILED + 1)); log "FAIL $db run $n: no restart"; return; }
    local result status=0
    result=$("$JAVA" "$HERE/CrashClient.java" check "$base" "$key" "$dir/acknowledged.txt") || status=$?
    lost=$(sed -n 's/.*lost=\([0-9]*\).*/\1/p' <<<"$result" | head -n 1)
    if (( status == 0 )) && [[ $lost == 0 ]]; then
        PASSED=$((PASSED + 1))
        log "PASS $db run $n: $(head -n 1 <<<"$result") ($(cat "$dir/client.out"))"
    else
        FAILED=$((FAILED + 1))
        log "FAIL $db run $n: $(tr '\n' ' ' <<<"$result") ($(cat "$dir/client.out"))"
    fi
    stop_pid "$SERVER_PID"
    SERVER_PID=""
    drop_schema
}

# The credential.registered webhooks that were attempted and not delivered, one id a line.
undelivered_webhooks() {
    curl -s -H "Authorization: Bearer $2" \
        "$1/v2/webhook_deliveries?filter%5Bevent_type%5D=credential.registered&page%5Bsize%5D=250" \
        | jq -r '.data[] | select(.status != "delivered" and (.attempts | length) > 0) | .webhook.id'
}

# webhook_crash_run DB: webhooks in the outbox, kill -9, restart; each must arrive exactly once.
webhook_crash_run() {
    local db=$1 dir="$WORK/$1-webhooks" port key url="" base connection receiver_port
    mkdir -p "$dir"
    port=$(free_port)
    receiver_port=$(free_port)
    key=$(new_api_key)
    base="http://127.0.0.1:$port"
    [[ $db == postgres ]] && url=$(new_schema)
    local settings=(TELCRED_WEBHOOK_RETRY_FIRST_MILLIS="$WEBHOOK_RETRY_MILLIS")
    touch "$dir/refuse"
    python3 "$HERE/receiver.py" "$receiver_port" "$dir/received.txt" "$dir/refuse" 2>"$dir/receiver.err" &
    RECEIVER_PID=$!
    start_server "$dir" "$port" "$key" "$url" "${settings[@]}" \
        || { FAILED=$((FAILED + 1)); log "FAIL $db webhooks: no server"; return; }
    connection=$(curl -sf -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
        -d "{\"connection_name\":\"hooks\",\"user_name\":\"hooks$(random_chars 8 'a-z0-9')\",\"password\":\"crash-test-password\",\"webhook_event_url\":\"http://127.0.0.1:$receiver_port/hooks\"}" \
        "$base/v2/credential_connections" | jq -r .data.id)
    "$JAVA" "$HERE/WebhookLogins.java" "$base" "$key" "$connection" "$WEBHOOK_LOGINS" "$dir/ready.txt" 120 \
        >"$dir/client.out" 2>"$dir/client.err" &
    CLIENT_PID=$!
    local deadline=$((SECONDS + 60)) waiting=0
    until (( SECONDS >= deadline )); do
        if [[ -s "$dir/ready.txt" ]]; then
            undelivered_webhooks "$base" "$key" >"$dir/pending.txt"
            waiting=$(wc -l <"$dir/pending.txt")
            (( waiting >= WEBHOOK_LOGINS )) && break
        fi
        sleep 0.2
    done
    if (( waiting < WEBHOOK_LOGINS )); then
        FAILED=$((FAILED + 1))
        log "FAIL $db webhooks: $waiting of $WEBHOOK_LOGINS webhooks attempted before the kill ($(cat "$dir/client.err" "$dir/client.out" 2>/dev/null | tr '\n' ' '))"
        stop_pid "$CLIENT_PID"; CLIENT_PID=""; stop_pid "$SERVER_PID"; SERVER_PID=""; stop_pid "$RECEIVER_PID"; RECEIVER_PID=""
        drop_schema
        return
    fi
    local refused
    refused=$(grep -c '^503 ' "$dir/received.txt" || true)
    kill_server
    stop_pid "$CLIENT_PID"
    CLIENT_PID=""
    rm -f "$dir/refuse"

    local restarted=$SECONDS
    start_server "$dir" "$port" "$key" "$url" "${settings[@]}" \
        || { FAILED=$((FAILED + 1)); log "FAIL $db webhooks: no restart"; return; }
    local id delivered=0
    deadline=$((SECONDS + 60))
    until (( SECONDS >= deadline )); do
        delivered=0
        while read -r id; do
            grep -q "^200 $id\$" "$dir/received.txt" 2>/dev/null && delivered=$((delivered + 1))
        done <"$dir/pending.txt"
        (( delivered == waiting )) && break
        sleep 0.2
    done
    local took=$((SECONDS - restarted)) once=0 twice=0 count
    # A second delivery would come at the next poll or retry: give it that long.
    sleep 3
    while read -r id; do
        count=$(grep -c "^200 $id\$" "$dir/received.txt" || true)
        (( count == 1 )) && once=$((once + 1))
        (( count > 1 )) && twice=$((twice + 1))
    done <"$dir/pending.txt"
    local figures="$waiting webhooks waiting in the outbox at the kill (refused $refused times before it); after the restart $once delivered once, $twice more than once, $((waiting - once - twice)) lost; all within ${took}s of the restart"
    if (( once == waiting )); then
        PASSED=$((PASSED + 1))
        log "PASS $db webhooks: $figures"
    else
        FAILED=$((FAILED + 1))
        log "FAIL $db webhooks: $figures"
    fi
    stop_pid "$SERVER_PID"
    SERVER_PID=""
    stop_pid "$RECEIVER_PID"
    RECEIVER_PID=""
    drop_schema
}

IFS=',' read -ra DATABASES <<<"$CRASH_DATABASES"
for db in "${DATABASES[@]}"; do
    [[ $db == h2 || $db == postgres ]] || { log "unknown database '$db' (h2, postgres)"; exit 2; }
    if [[ $db == postgres ]] && ! psql_test -c 'SELECT 1' >/dev/null 2>&1; then
        log "FAIL postgres: PostgreSQL on 127.0.0.1:5432 is not reachable"
        FAILED=$((FAILED + 1))
        continue
    fi
    for n in $(seq 1 "$CRASH_RUNS"); do
        crash_run "$db" "$n"
    done
    webhook_crash_run "$db"
done
echo "$PASSED passed, $FAILED failed"
(( FAILED == 0 ))
