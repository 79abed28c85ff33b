#!/usr/bin/env bash
# End-to-end test of telcred's REST API with the official `telnyx` npm SDK.
#
#   bash it/telnyx-sdk/run.sh [path/to/telcred.jar]
#
# Starts telcred from the built jar (default: target/telcred.jar under the repo root) on a free
# loopback port with a fresh data directory and a generated bootstrap API key, waits for
# GET /health, runs `npm test` here against it, then stops the server and removes the data
# directory whatever happened. Exits with the test's status.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=../../scripts/lib.sh
source "$ROOT/scripts/lib.sh"
JAR="${1:-$ROOT/target/telcred.jar}"
JAVA="${JAVA:-java}"
STARTUP_TIMEOUT_SECONDS=60

if [[ ! -f "$JAR" ]]; then
    echo "telnyx-sdk: no jar at $JAR (build it with: mvn -B package -DskipTests)" >&2
    exit 2
fi
JAR="$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/telcred-sdk-it.XXXXXX")"
SERVER_LOG="$WORK/server.log"
SERVER_PID=""

cleanup() {
    local status=$?
    stop_pid "$SERVER_PID"
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

show_server_log() {
    echo "----- telcred server log ($SERVER_LOG) -----" >&2
    tail -n 200 "$SERVER_LOG" >&2 || true
    echo "----- end of server log -----" >&2
}

free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
        return
    fi
    local port
    for port in $(seq 18080 18999); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    echo "telnyx-sdk: no free port found" >&2
    return 1
}

API_KEY="$(new_api_key)"
PORT="$(free_port)"
# A fixed SIP port: the webhook test registers a phone over UDP.
SIP_PORT="$(free_port)"
BASE_ORIGIN="http://127.0.0.1:$PORT"

health_ok() {
    if command -v curl >/dev/null 2>&1; then
        [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE_ORIGIN/health" || true)" == "200" ]]
    else
        node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(2000) })
            .then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))' "$BASE_ORIGIN/health"
    fi
}

echo "telnyx-sdk: starting telcred ($JAR) on $BASE_ORIGIN, data in $WORK/data"
# The test's own TELCRED_* variables stay out of the server's environment (telcred would warn
# about them); the server runs in the work dir so no stray telcred.properties is read.
(
    cd "$WORK"
    exec env -u TELCRED_BASE_URL -u TELCRED_API_KEY \
        TELCRED_DATA_DIR="$WORK/data" \
        TELCRED_HTTP_HOST=127.0.0.1 \
        TELCRED_HTTP_PORT="$PORT" \
        TELCRED_BOOTSTRAP_API_KEY="$API_KEY" \
        TELCRED_CONFIG_FILE="$WORK/telcred.properties" \
        TELCRED_SIP_BIND_HOST=127.0.0.1 TELCRED_SIP_UDP_PORT="$SIP_PORT" TELCRED_SIP_TCP_PORT=0 \
        TELCRED_SIP_TLS_PORT=-1 TELCRED_SIP_WS_PORT=0 TELCRED_SIP_WSS_PORT=-1 \
        "$JAVA" -jar "$JAR"
) >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!

deadline=$((SECONDS + STARTUP_TIMEOUT_SECONDS))
until health_ok; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "telnyx-sdk: telcred exited before answering GET /health" >&2
        show_server_log
        exit 1
    fi
    if (( SECONDS >= deadline )); then
        echo "telnyx-sdk: telcred did not answer GET /health within ${STARTUP_TIMEOUT_SECONDS}s" >&2
        show_server_log
        exit 1
    fi
    sleep 0.5
done
echo "telnyx-sdk: telcred is up"

cd "$HERE"
if [[ ! -d node_modules ]]; then
    npm ci --no-audit --no-fund
fi

set +e
TELCRED_BASE_URL="$BASE_ORIGIN" TELCRED_API_KEY="$API_KEY" TELCRED_SIP_UDP_PORT="$SIP_PORT" npm test
status=$?
set -e

if (( status != 0 )); then
    show_server_log
fi
exit "$status"
