#!/usr/bin/env bash
# PostgreSQL outage test: while PostgreSQL is stopped, REST answers 503 with Retry-After within a
# second, /ready is 503 and /health 200; when it is back, everything recovers by itself.
#
#   bash it/pg-outage/run.sh [path/to/telcred.jar]
#
# Starts telcred from a copy of the jar (default: target/telcred.jar) on a free loopback port, on a
# fresh schema of database `test` on 127.0.0.1:5432 (user postgres), creates a connection, keeps
# LOAD_CLIENTS clients creating credentials, then STOPS THIS MACHINE'S PostgreSQL for a few seconds
# (pg_ctlcluster ... stop) and checks the answers; PostgreSQL is started again whatever happens (a
# trap). Prints one PASS/FAIL line per check, ends with "N passed, M failed", exits 1 if M > 0.
#
# Settings (environment):
#   LOAD_CLIENTS      concurrent clients creating credentials during the test (default 8)
#   RECOVERY_SECONDS  how long recovery may take once PostgreSQL is back (default 10)
#   JAVA              the java binary (default: java)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=../../scripts/lib.sh
source "$ROOT/scripts/lib.sh"
JAR_SOURCE="${1:-$ROOT/target/telcred.jar}"
JAVA="${JAVA:-java}"
LOAD_CLIENTS="${LOAD_CLIENTS:-8}"
RECOVERY_SECONDS="${RECOVERY_SECONDS:-10}"
STARTUP_TIMEOUT_SECONDS=60
PG_VERSION="$(ls /etc/postgresql | sort -V | tail -n 1)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/telcred-pg-outage-it.XXXXXX")"
SERVER_PID=""
LOAD_PIDS=()
SCHEMA=""
PG_STOPPED=0
PASSED=0
FAILED=0

log() { printf '%s\n' "pg-outage-it: $*"; }
check() {  # check NAME CONDITION-STATUS DETAIL
    if [[ $2 == 0 ]]; then PASSED=$((PASSED + 1)); log "PASS $1${3:+: $3}"; else FAILED=$((FAILED + 1)); log "FAIL $1${3:+: $3}"; fi
}

psql_test() { PGCONNECT_TIMEOUT=5 psql -h 127.0.0.1 -p 5432 -U postgres -d test -v ON_ERROR_STOP=1 -qAt "$@"; }

start_postgres() {
    pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" main start >/dev/null 2>&1 || true
    for _ in $(seq 1 60); do
        pg_isready -q -h 127.0.0.1 -p 5432 && { PG_STOPPED=0; return 0; }
        sleep 0.5
    done
    log "PostgreSQL did not come back"
    return 1
}

cleanup() {
    local status=$?
    # PostgreSQL first: whatever failed, the machine gets its database back.
    if (( PG_STOPPED )); then start_postgres || status=1; fi
    local pid
    for pid in "${LOAD_PIDS[@]}"; do stop_pid "$pid"; done
    stop_pid "$SERVER_PID"
    if [[ -n "$SCHEMA" ]]; then psql_test -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true; fi
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

[[ -f "$JAR_SOURCE" ]] || { log "no jar at $JAR_SOURCE (build it with: mvn -B package -DskipTests)"; exit 2; }
psql_test -c 'SELECT 1' >/dev/null 2>&1 || { log "PostgreSQL on 127.0.0.1:5432 is not reachable"; exit 2; }
cp "$JAR_SOURCE" "$WORK/telcred.jar"

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
KEY=$(new_api_key)
BASE="http://127.0.0.1:$PORT"
SCHEMA="outage_$(random_chars 12 'a-z0-9')"
psql_test -c "CREATE SCHEMA $SCHEMA" >/dev/null

(
    cd "$WORK"
    exec env TELCRED_DATA_DIR="$WORK/data" TELCRED_HTTP_HOST=127.0.0.1 TELCRED_HTTP_PORT="$PORT" \
        TELCRED_BOOTSTRAP_API_KEY="$KEY" TELCRED_CONFIG_FILE="$WORK/none.properties" \
        TELCRED_DATABASE_URL="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$SCHEMA" TELCRED_DATABASE_USER=postgres \
        TELCRED_SIP_BIND_HOST=127.0.0.1 TELCRED_SIP_UDP_PORT=0 TELCRED_SIP_TCP_PORT=0 \
        TELCRED_SIP_TLS_PORT=-1 TELCRED_SIP_WS_PORT=-1 TELCRED_SIP_WSS_PORT=-1 \
        "$JAVA" -jar "$WORK/telcred.jar"
) >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
if ! wait_for_health "$BASE" "$SERVER_PID" "$STARTUP_TIMEOUT_SECONDS"; then
    log "telcred did not come up; its log:"; tail -n 50 "$WORK/server.log" >&2; exit 1
fi

api() {  # api METHOD PATH [BODY]: prints "STATUS SECONDS" and keeps headers and body in $WORK/last.*
    curl -s -o "$WORK/last.body" -D "$WORK/last.headers" -w '%{http_code} %{time_total}\n' --max-time 15 \
        -X "$1" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' ${3:+-d "$3"} "$BASE$2" || echo "000 15"
}

CONNECTION=$(curl -sf -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d "{\"connection_name\":\"outage\",\"user_name\":\"outage$(random_chars 8 'a-z0-9')\",\"password\":\"outage-test-password\"}" \
    "$BASE/v2/credential_connections" | jq -r .data.id)
CREATE="{\"connection_id\":\"$CONNECTION\"}"

# Load: clients creating credentials back to back, each counting its answers by status.
load_client() {
    local n=$1 end=$((SECONDS + 120))
    while (( SECONDS < end )); do
        curl -s -o /dev/null -w '%{http_code}\n' --max-time 15 -X POST -H "Authorization: Bearer $KEY" \
            -H 'Content-Type: application/json' -d "$CREATE" "$BASE/v2/telephony_credentials" >>"$WORK/load-$n.txt" || true
    done
}
for n in $(seq 1 "$LOAD_CLIENTS"); do load_client "$n" & LOAD_PIDS+=($!); done
sleep 2

read -r status _ < <(api GET /ready)
check "ready before the outage" "$([[ $status == 200 ]]; echo $?)" "GET /ready $status"

log "stopping PostgreSQL $PG_VERSION"
PG_STOPPED=1
pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" main stop -m fast
sleep 1

read -r status took < <(api POST /v2/telephony_credentials "$CREATE")
retry_after=$(awk -F': ' 'tolower($1) == "retry-after" {gsub("\r", "", $2); print $2}' "$WORK/last.headers")
code=$(jq -r '.errors[0].code // empty' "$WORK/last.body" 2>/dev/null || true)
check "create answers 503 within a second" "$([[ $status == 503 ]] && awk -v t="$took" 'BEGIN {exit !(t < 1)}'; echo $?)" \
    "HTTP $status in ${took}s"
check "503 carries Retry-After and the error envelope" "$([[ -n $retry_after && -n $code ]]; echo $?)" \
    "Retry-After '$retry_after', code '$code'"
read -r status took < <(api GET /v2/telephony_credentials)
check "list answers 503 within a second" "$([[ $status == 503 ]] && awk -v t="$took" 'BEGIN {exit !(t < 1)}'; echo $?)" \
    "HTTP $status in ${took}s"
read -r status _ < <(api GET /ready)
check "ready is 503 while PostgreSQL is down" "$([[ $status == 503 ]]; echo $?)" "GET /ready $status $(cat "$WORK/last.body")"
read -r status _ < <(api GET /health)
check "health stays 200 while PostgreSQL is down" "$([[ $status == 200 ]]; echo $?)" "GET /health $status"

log "starting PostgreSQL $PG_VERSION"
started=$SECONDS
start_postgres
recovered=1
while (( SECONDS - started <= RECOVERY_SECONDS )); do
    read -r ready _ < <(api GET /ready)
    read -r created _ < <(api POST /v2/telephony_credentials "$CREATE")
    if [[ $ready == 200 && $created == 201 ]]; then recovered=0; break; fi
    sleep 0.2
done
check "recovers once PostgreSQL is back" "$recovered" "ready $ready, create $created after $((SECONDS - started)) s"

for pid in "${LOAD_PIDS[@]}"; do stop_pid "$pid"; done
LOAD_PIDS=()
others=$(cat "$WORK"/load-*.txt | sort | uniq -c | awk '$2 != 201 && $2 != 503 {printf "%s x%s ", $2, $1}')
check "the load saw only 201 and 503" "$([[ -z $others ]]; echo $?)" \
    "$(cat "$WORK"/load-*.txt | sort | uniq -c | awk '{printf "%s x%s ", $2, $1}')"
if (( FAILED > 0 )); then log "server log:"; tail -n 40 "$WORK/server.log" >&2; fi
echo "$PASSED passed, $FAILED failed"
(( FAILED == 0 ))
