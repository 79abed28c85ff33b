#!/usr/bin/env bash
# End-to-end test of telcred's WebRTC gateway (ws://HOST:HTTP_PORT/rtc, the Telnyx-RTC JSON-RPC
# protocol) with the official @telnyx/webrtc SDK in headless Chromium.
#
#   bash it/rtc/install.sh            # once: chromium, rtpengine, baresip and npm modules (needs root)
#   bash it/rtc/run.sh [path/to/telcred.jar]
#
# Starts telcred from a copy of the jar (default: target/telcred.jar under the repo root), so a
# rebuild by someone else cannot disturb the run, on free loopback ports with a fresh data
# directory and a generated bootstrap API key; waits for GET /health; creates one credential
# connection; runs every scenario (browser/rtc.test.mjs makes the on-demand credentials and tokens
# each needs), printing one PASS/FAIL line each, with the SDK's frames, events and console under a
# failure; stops everything it started and removes its temporary directory whatever happened.
# Ends with "N passed, M failed", non-zero if M > 0.
#
# For the calls between a browser and a plain-RTP phone (baresip) it also starts rtpengine
# (userspace only, no kernel module) on 127.0.0.1 with its ng control socket on a free port, and
# gives it to telcred (TELCRED_RTPENGINE); the scenarios read its counters over the same socket.
#
# Media and signaling touch 127.0.0.1 only. Where it may (root, or unprivileged user namespaces),
# the runner moves itself into a network namespace of its own whose only interface is loopback:
# Chromium then has no other address to gather candidates on, let alone send from or to.
# Elsewhere Chromium runs beside the machine's interfaces and the page keeps only 127.0.0.1
# candidates, but ICE may still answer a peer-reflexive check on the machine's own address.
#
# Settings (environment):
#   RTC_IT_ONLY=PATTERN    run only the scenarios whose name matches this bash glob (e.g. 'login-*')
#   RTC_IT_KEEP=1          keep the temporary directory (telcred's log, each page's console log)
#   RTC_IT_NETNS=0         stay in the machine's network namespace
#   JAVA                   the java binary (default: java)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=../../scripts/lib.sh
source "$ROOT/scripts/lib.sh"
# Into a private network namespace with loopback only (see above), once.
enter_private_network RTC_IT "$0" "$@"
JAR_SOURCE="${1:-$ROOT/target/telcred.jar}"
JAVA="${JAVA:-java}"
STARTUP_TIMEOUT_SECONDS=60
# The browser script stops itself, with diagnostics, a little before the watchdog.
SCENARIO_TIMEOUT_SECONDS=60
BROWSER_TIMEOUT_SECONDS=50

WORK="$(mktemp -d "${TMPDIR:-/tmp}/telcred-rtc-it.XXXXXX")"
SERVER_LOG="$WORK/telcred.log"
SERVER_PID=""
SIP_DOMAIN="sip.telcred.local"
RTPENGINE_LOG="$WORK/rtpengine.log"
RTPENGINE_PID=""
# How many RTP ports rtpengine may use (a call takes an RTP/RTCP pair per side; one call runs at a time).
RTPENGINE_PORTS=100
PASSED=0
FAILED=0
FAILED_NAMES=()

log() { printf '%s\n' "rtc-it: $*"; }

cleanup() {
    local status=$?
    stop_pid "$SERVER_PID"
    stop_pid "$RTPENGINE_PID"
    if [[ "${RTC_IT_KEEP:-}" == 1 ]]; then
        log "kept $WORK"
    else
        rm -rf "$WORK"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

require_tools() {
    local missing=()
    local tool
    for tool in "$JAVA" node chromium curl openssl rtpengine baresip ss; do
        command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
    done
    [[ -f "$HERE/browser/node_modules/@telnyx/webrtc/lib/bundle.js" && -d "$HERE/browser/node_modules/playwright-core" ]] \
        || missing+=("browser/node_modules")
    if (( ${#missing[@]} > 0 )); then
        log "missing: ${missing[*]} (run: bash it/rtc/install.sh)" >&2
        exit 2
    fi
    if [[ ! -f "$JAR_SOURCE" ]]; then
        log "no jar at $JAR_SOURCE (build it with: mvn -q -B -o package -DskipTests)" >&2
        exit 2
    fi
}

# An EC P-256 self-signed certificate for 127.0.0.1/localhost, the key in PKCS#8 as telcred wants;
# Chromium trusts it, and only it, by the SHA-256 of its public key (RTC_IT_CERT_SPKI).
make_certificate() {
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
        -subj /CN=127.0.0.1 -addext 'subjectAltName=IP:127.0.0.1,DNS:localhost' \
        -keyout "$WORK/key.tmp.pem" -out "$WORK/cert.pem" 2>"$WORK/openssl.log"
    openssl pkcs8 -topk8 -nocrypt -in "$WORK/key.tmp.pem" -out "$WORK/key.pem"
    rm -f "$WORK/key.tmp.pem"
    RTC_IT_CERT_SPKI="$(openssl x509 -in "$WORK/cert.pem" -pubkey -noout | openssl pkey -pubin -outform der \
        | openssl dgst -sha256 -binary | base64)"
    export RTC_IT_CERT_SPKI
}

# A free port none of the given ones.
other_port() {
    local port
    port="$(free_port)"
    while [[ " $* " == *" $port "* ]]; do port="$(free_port)"; done
    echo "$port"
}

# The first of RTPENGINE_PORTS consecutive ports in 30000-59999 none of which is in use.
free_port_range() {
    local used start port ok
    used=" $(used_ports | tr '\n' ' ') "
    for _ in $(seq 1 50); do
        start=$((30000 + (RANDOM % 290) * 100))
        ok=1
        for ((port = start; port < start + RTPENGINE_PORTS; port++)); do
            [[ $used == *" $port "* ]] && { ok=0; break; }
        done
        (( ok )) && { echo "$start"; return; }
    done
    log "no free range of $RTPENGINE_PORTS ports" >&2
    exit 1
}

# rtpengine, userspace only (--table=-1: no kernel forwarding table, the module is never used), on
# 127.0.0.1 alone, none of the machine's configuration (/etc/rtpengine) read; a deleted call is
# forgotten at once (--delete-delay=0), so that a scenario sees telcred's delete in `list`.
start_rtpengine() {
    RTPENGINE_NG_PORT="$(free_port)"
    local low
    low="$(free_port_range)"
    local high=$((low + RTPENGINE_PORTS - 1))
    log "starting rtpengine $(rtpengine --version 2>&1 | sed -n 's/^Version: //p'): ng 127.0.0.1:$RTPENGINE_NG_PORT, RTP ports $low-$high"
    rtpengine --config-file=none --interface=127.0.0.1 --listen-ng="127.0.0.1:$RTPENGINE_NG_PORT" \
        --port-min="$low" --port-max="$high" --table=-1 --foreground --log-stderr --log-level=6 \
        --delete-delay=0 --num-threads=2 >>"$RTPENGINE_LOG" 2>&1 &
    RTPENGINE_PID=$!
    if ! node "$HERE/lib/rtpengine.mjs" wait-ready "127.0.0.1:$RTPENGINE_NG_PORT" 10; then
        log "rtpengine did not answer a ping on 127.0.0.1:$RTPENGINE_NG_PORT" >&2
        tail -n 40 "$RTPENGINE_LOG" >&2 || true
        exit 1
    fi
    export RTC_IT_RTPENGINE="127.0.0.1:$RTPENGINE_NG_PORT" RTC_IT_RTPENGINE_LOG="$RTPENGINE_LOG"
    log "rtpengine is up"
}

# Starts telcred on free loopback ports: HTTP (ws://.../rtc), HTTPS (wss://.../rtc) with a
# development certificate; SIP listens too (a WebRTC session and a SIP binding share the location
# service) on ports of its own, SIP TLS and WSS off.
start_telcred() {
    cp "$JAR_SOURCE" "$WORK/telcred.jar"
    make_certificate
    HTTP_PORT="$(free_port)"
    HTTPS_PORT="$(other_port "$HTTP_PORT")"
    SIP_PORT="$(other_port "$HTTP_PORT" "$HTTPS_PORT")"
    SIP_WS_PORT="$(other_port "$HTTP_PORT" "$HTTPS_PORT" "$SIP_PORT")"
    API_KEY="$(new_api_key)"
    BASE_URL="http://127.0.0.1:$HTTP_PORT"
    log "starting telcred: HTTP $HTTP_PORT and HTTPS $HTTPS_PORT (WebRTC at /rtc), SIP UDP/TCP $SIP_PORT, WS $SIP_WS_PORT, rtpengine udp:127.0.0.1:$RTPENGINE_NG_PORT"
    run_telcred_isolated "$WORK" "$WORK/telcred.jar" \
        TELCRED_HTTP_PORT="$HTTP_PORT" \
        TELCRED_HTTPS_PORT="$HTTPS_PORT" \
        TELCRED_SIP_TLS_CERTIFICATE="$WORK/cert.pem" \
        TELCRED_SIP_TLS_PRIVATE_KEY="$WORK/key.pem" \
        TELCRED_BOOTSTRAP_API_KEY="$API_KEY" \
        TELCRED_SIP_DOMAIN="$SIP_DOMAIN" \
        TELCRED_SIP_UDP_PORT="$SIP_PORT" \
        TELCRED_SIP_TCP_PORT="$SIP_PORT" \
        TELCRED_SIP_TLS_PORT=-1 \
        TELCRED_SIP_WS_PORT="$SIP_WS_PORT" \
        TELCRED_SIP_WSS_PORT=-1 \
        TELCRED_RTPENGINE="udp:127.0.0.1:$RTPENGINE_NG_PORT" \
        >>"$SERVER_LOG" 2>&1 &
    SERVER_PID=$!
    if ! wait_for_health "$BASE_URL" "$SERVER_PID" "$STARTUP_TIMEOUT_SECONDS"; then
        log "telcred did not answer GET /health (exited or took over ${STARTUP_TIMEOUT_SECONDS}s)" >&2
        tail -n 100 "$SERVER_LOG" >&2 || true
        exit 1
    fi
    if ! wait_for_ports "$STARTUP_TIMEOUT_SECONDS" "$HTTPS_PORT"; then
        tail -n 100 "$SERVER_LOG" >&2 || true
        exit 1
    fi
    export RTC_IT_BASE_URL="$BASE_URL" RTC_IT_API_KEY="$API_KEY" RTC_IT_WS_URL="ws://127.0.0.1:$HTTP_PORT/rtc" \
        RTC_IT_WSS_URL="wss://127.0.0.1:$HTTPS_PORT/rtc" RTC_IT_SIP_PORT="$SIP_PORT" RTC_IT_SIP_DOMAIN="$SIP_DOMAIN"
    log "telcred is up"
}

# One scenario of browser/rtc.test.mjs in its own directory (Chromium profile, console logs), under
# a watchdog so that a hang fails the scenario instead of the run.
run_scenario() {
    local name=$1
    if [[ -n "${RTC_IT_ONLY:-}" && "$name" != $RTC_IT_ONLY ]]; then
        return 0
    fi
    local dir="$WORK/scenarios/$name"
    mkdir -p "$dir"
    local started=$SECONDS status=0
    RTC_IT_WORK="$dir" RTC_IT_TIMEOUT_SECONDS="$BROWSER_TIMEOUT_SECONDS" \
        node "$HERE/browser/rtc.test.mjs" "$name" >"$dir/output.log" 2>&1 &
    local pid=$!
    # Stopped with TERM, the watchdog takes its sleep along so that nothing outlives the run.
    (
        sleeper=""
        trap 'kill $sleeper 2>/dev/null; exit 0' TERM
        sleep "$SCENARIO_TIMEOUT_SECONDS" &
        sleeper=$!
        wait "$sleeper"
        echo "TIMEOUT after ${SCENARIO_TIMEOUT_SECONDS}s" >>"$dir/output.log"
        kill "$pid" 2>/dev/null
    ) &
    local watchdog=$!
    wait "$pid" || status=$?
    kill "$watchdog" 2>/dev/null || true
    wait "$watchdog" 2>/dev/null || true
    local took=$((SECONDS - started))
    if (( status == 0 )); then
        PASSED=$((PASSED + 1))
        printf 'PASS  %-34s %3ss\n' "$name" "$took"
        sed -n 's/^rtc [a-z-]* +[0-9.]*s: /      /p' "$dir/output.log"
    else
        FAILED=$((FAILED + 1))
        FAILED_NAMES+=("$name")
        printf 'FAIL  %-34s %3ss\n' "$name" "$took"
        sed 's/^/      | /' "$dir/output.log" | tail -n 250
    fi
}

main() {
    local run_started=$SECONDS
    require_tools
    if [[ "$RTC_IT_PRIVATE_NETWORK" == 1 ]]; then
        log "in a network namespace of its own: $(ip -o addr show | awk '{print $2, $4}' | tr '\n' ' ')"
    fi
    start_rtpengine
    start_telcred
    RTC_IT_CONNECTION_ID="$(node "$HERE/lib/api.mjs" connection rtc-it "rtcit$(random_chars 10 'a-z0-9')" "$(random_chars 24 'A-Za-z0-9')")"
    export RTC_IT_CONNECTION_ID
    log "credential connection $RTC_IT_CONNECTION_ID; each scenario makes its own on-demand credentials"
    echo

    run_scenario login-password
    run_scenario login-jwt
    run_scenario login-wss
    run_scenario call
    run_scenario wrong-password
    run_scenario revoked-token
    run_scenario punt
    run_scenario call-absent
    run_scenario call-rejected
    run_scenario baresip-rtpengine-browser-calls
    run_scenario baresip-rtpengine-browser-answers
    run_scenario call-centre-baresip-agent
    run_scenario call-centre-browser-agent
    run_scenario call-centre-bridge-later

    echo
    if (( FAILED > 0 )); then
        log "failed: ${FAILED_NAMES[*]}"
        log "telcred's log: last lines"
        tail -n 40 "$SERVER_LOG" | sed 's/^/      | /'
    fi
    log "took $((SECONDS - run_started))s"
    echo "$PASSED passed, $FAILED failed"
    (( FAILED == 0 ))
}

main
