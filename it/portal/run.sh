#!/usr/bin/env bash
# The portal's page tests in headless Chromium, against a running telcred:
#
#   bash it/portal/install.sh            # once: chromium, baresip and npm modules (needs root)
#   bash it/portal/run.sh [path/to/telcred.jar]
#
# Starts telcred from a copy of the jar (default: target/telcred.jar) on free loopback ports with a
# fresh data directory, a bootstrap API key and a bootstrap portal user; runs browser/portal.test.mjs
# (sign in, add a SIP connection with its generated login, reveal it, register baresip with it and
# watch it appear live, create an on-demand credential and a token, create and revoke an API key, a
# test call between two test-call pages), one PASS/FAIL line each; stops everything it started.
# Screenshots of the main pages are written to docs/portal/ (PORTAL_IT_SCREENSHOTS to change it):
# the README shows them.
#
# Where it may (root, or unprivileged user namespaces), the run moves into a network namespace of
# its own whose only interface is loopback, so that the browsers' media stays on 127.0.0.1.
#
# Settings (environment):
#   PORTAL_IT_KEEP=1       keep the temporary directory (telcred's log, baresip's log, Chromium profile)
#   PORTAL_IT_NETNS=0      stay in the machine's network namespace
#   JAVA                   the java binary (default: java)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=../../scripts/lib.sh
source "$ROOT/scripts/lib.sh"
# Into a private network namespace with loopback only (see above), once.
enter_private_network PORTAL_IT "$0" "$@"
JAR_SOURCE="${1:-$ROOT/target/telcred.jar}"
STARTUP_TIMEOUT_SECONDS=60
# The whole browser run's limit: past it, the run fails instead of hanging.
RUN_TIMEOUT_SECONDS=240

WORK="$(mktemp -d "${TMPDIR:-/tmp}/telcred-portal-it.XXXXXX")"
SERVER_PID=""

log() { printf '%s\n' "portal-it: $*"; }

cleanup() {
    local status=$?
    stop_pid "$SERVER_PID"
    if [[ "${PORTAL_IT_KEEP:-}" == 1 ]]; then
        log "kept $WORK"
    else
        rm -rf "$WORK"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

missing=()
for tool in "${JAVA:-java}" node chromium baresip curl; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
[[ -d "$HERE/browser/node_modules/playwright-core" ]] || missing+=("browser/node_modules")
if (( ${#missing[@]} > 0 )); then
    log "missing: ${missing[*]} (run: bash it/portal/install.sh)" >&2
    exit 2
fi
[[ -f "$JAR_SOURCE" ]] || { log "no jar at $JAR_SOURCE (build it with: mvn -B package -DskipTests)" >&2; exit 2; }

cp "$JAR_SOURCE" "$WORK/telcred.jar"
HTTP_PORT="$(free_port)"
SIP_PORT="$(free_port)"
while [[ $SIP_PORT == "$HTTP_PORT" ]]; do SIP_PORT="$(free_port)"; done
API_KEY="$(new_api_key)"
EMAIL="owner@portal-it.example"
PASSWORD="$(random_chars 20 'A-Za-z0-9')"
BASE_URL="http://127.0.0.1:$HTTP_PORT"
log "starting telcred: HTTP $HTTP_PORT, SIP UDP/TCP $SIP_PORT"
run_telcred_isolated "$WORK" "$WORK/telcred.jar" \
    TELCRED_HTTP_PORT="$HTTP_PORT" \
    TELCRED_BOOTSTRAP_API_KEY="$API_KEY" \
    TELCRED_BOOTSTRAP_EMAIL="$EMAIL" \
    TELCRED_BOOTSTRAP_PASSWORD="$PASSWORD" \
    TELCRED_SIP_DOMAIN=sip.telcred.local \
    TELCRED_SIP_UDP_PORT="$SIP_PORT" \
    TELCRED_SIP_TCP_PORT="$SIP_PORT" \
    TELCRED_SIP_TLS_PORT=-1 TELCRED_SIP_WS_PORT=-1 TELCRED_SIP_WSS_PORT=-1 \
    >>"$WORK/telcred.log" 2>&1 &
SERVER_PID=$!
if ! wait_for_health "$BASE_URL" "$SERVER_PID" "$STARTUP_TIMEOUT_SECONDS"; then
    log "telcred did not answer GET /health; its log:" >&2
    tail -n 80 "$WORK/telcred.log" >&2 || true
    exit 1
fi

status=0
PORTAL_IT_BASE_URL="$BASE_URL" PORTAL_IT_API_KEY="$API_KEY" PORTAL_IT_EMAIL="$EMAIL" PORTAL_IT_PASSWORD="$PASSWORD" \
    PORTAL_IT_SIP_PORT="$SIP_PORT" PORTAL_IT_SIP_DOMAIN=sip.telcred.local PORTAL_IT_WORK="$WORK/browser" \
    PORTAL_IT_SCREENSHOTS="${PORTAL_IT_SCREENSHOTS:-$ROOT/docs/portal}" \
    timeout "$RUN_TIMEOUT_SECONDS" node "$HERE/browser/portal.test.mjs" || status=$?
if (( status != 0 )); then
    (( status == 124 )) && log "the browser run took over ${RUN_TIMEOUT_SECONDS}s"
    log "telcred's log (last lines):"
    tail -n 60 "$WORK/telcred.log" | sed 's/^/      | /'
fi
exit "$status"
