#!/usr/bin/env bash
# Crash test: every create answered 201 survives kill -9 of the server.
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
# Settings (environment):
#   CRASH_DATABASES      h2,postgres (default both; postgres fails when unreachable)
#   CRASH_RUNS           runs per database (default 1)
#   CRASH_CLIENTS        concurrent clients (default 16)
#   CRASH_LOAD_SECONDS   seconds of load before the kill (default 5)
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
# The client stops by itself after this long even if the kill never came.
CLIENT_MAX_SECONDS=$((CRASH_LOAD_SECONDS + 60))
STARTUP_TIMEOUT_SECONDS=60
PG_BASE="jdbc:postgresql://127.0.0.1:5432/test"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/telcred-crash-it.XXXXXX")"
SERVER_PID=""
CLIENT_PID=""
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

# start_server DIR PORT API_KEY [DATABASE_URL]: telcred in the background on DIR's data, SIP on free ports.
start_server() {
    local dir=$1 port=$2 key=$3 url=${4:-}
    (
        cd "$dir"
        exec env TELCRED_DATA_DIR="$dir/data" TELCRED_HTTP_HOST=127.0.0.1 TELCRED_HTTP_PORT="$port" \
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

# crash_run DB N: one load, kill -9, restart and check; prints PASS or FAIL with the count lost.
crash_run() {
    local db=$1 n=$2 dir="$WORK/$1-$2" port key url="" base connection lost
    mkdir -p "$dir"
    port=$(free_port)
    key=$(new_api_key)
    base="http://127.0.0.1:$port"
    if [[ $db == postgres ]]; then
        SCHEMA="crash_$(random_chars 12 'a-z0-9')"
        psql_test -c "CREATE SCHEMA $SCHEMA" >/dev/null
        url="$PG_BASE?currentSchema=$SCHEMA"
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
    kill -9 "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
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
done
echo "$PASSED passed, $FAILED failed"
(( FAILED == 0 ))
