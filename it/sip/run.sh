#!/usr/bin/env bash
# End-to-end test of telcred's SIP registrar and proxy with real SIP peers:
# SIPp (UDP, TCP), baresip (UDP, TLS) and SIP.js 0.21 in headless Chromium (WebSocket).
#
#   bash it/sip/install.sh            # once: apt packages and npm modules (needs root)
#   bash it/sip/run.sh [path/to/telcred.jar]
#
# Starts telcred from a copy of the jar (default: target/telcred.jar under the repo root), so a
# rebuild by someone else cannot disturb the run, on free loopback ports with a fresh data
# directory, a generated bootstrap API key and a development TLS certificate; waits for
# GET /health; creates one credential connection and a fresh on-demand credential per party;
# runs every scenario, printing one PASS/FAIL line each; stops everything it started and removes
# its temporary directory whatever happened. Ends with "N passed, M failed", non-zero if M > 0.
#
# Settings (environment):
#   SIP_IT_ONLY=PATTERN    run only the scenarios whose name matches this bash glob (e.g. 'sipp-*')
#   SIP_IT_KEEP=1          keep the temporary directory (logs, SIPp traces, telcred's log)
#   JAVA                   the java binary (default: java)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=../../scripts/lib.sh
source "$ROOT/scripts/lib.sh"
JAR_SOURCE="${1:-$ROOT/target/telcred.jar}"
JAVA="${JAVA:-java}"
DOMAIN="sip.telcred.local"
STARTUP_TIMEOUT_SECONDS=60
SCENARIO_TIMEOUT_SECONDS=60

WORK="$(mktemp -d "${TMPDIR:-/tmp}/telcred-sip-it.XXXXXX")"
SERVER_LOG="$WORK/telcred.log"
PASSED=0
FAILED=0
FAILED_NAMES=()

log() { printf '%s\n' "sip-it: $*"; }

# ---------------------------------------------------------------------------------------------
# Process bookkeeping: everything started in the background is recorded, and stopped by its id.
# ---------------------------------------------------------------------------------------------

cleanup() {
    local status=$?
    stop_pid "$(server_pid)"
    if [[ "${SIP_IT_KEEP:-}" == 1 ]]; then
        log "kept $WORK"
    else
        rm -rf "$WORK"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------
# Preconditions
# ---------------------------------------------------------------------------------------------

require_tools() {
    local missing=()
    local tool
    for tool in "$JAVA" node sipp baresip chromium openssl curl; do
        command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
    done
    [[ -d "$HERE/sipjs/node_modules/sip.js" && -d "$HERE/sipjs/node_modules/playwright-core" ]] \
        || missing+=("sipjs/node_modules")
    if (( ${#missing[@]} > 0 )); then
        log "missing: ${missing[*]} (run: bash it/sip/install.sh)" >&2
        exit 2
    fi
    if [[ ! -f "$JAR_SOURCE" ]]; then
        log "no jar at $JAR_SOURCE (build it with: mvn -q -B -o package -DskipTests)" >&2
        exit 2
    fi
}

# A free loopback port for both TCP and UDP (SIP servers bind both), never one handed out before.
ALLOCATED_PORTS=" "
free_port() {
    local port
    for _ in $(seq 1 20); do
        port="$(node -e '
            const net = require("net"), dgram = require("dgram");
            const s = net.createServer().listen(0, "127.0.0.1", () => {
                const port = s.address().port;
                const u = dgram.createSocket("udp4");
                u.on("error", () => { s.close(); process.exit(1); });
                u.bind(port, "127.0.0.1", () => { u.close(); s.close(); console.log(port); });
            });')" || continue
        if [[ "$ALLOCATED_PORTS" != *" $port "* ]]; then
            ALLOCATED_PORTS+="$port "
            echo "$port"
            return
        fi
    done
    log "no free port found" >&2
    return 1
}

# ---------------------------------------------------------------------------------------------
# telcred
# ---------------------------------------------------------------------------------------------

# An EC P-256 self-signed certificate for 127.0.0.1/localhost; the key in PKCS#8 as telcred wants.
make_certificate() {
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
        -subj /CN=127.0.0.1 -addext 'subjectAltName=IP:127.0.0.1,DNS:localhost' \
        -keyout "$WORK/key.tmp.pem" -out "$WORK/cert.pem" 2>"$WORK/openssl.log"
    openssl pkcs8 -topk8 -nocrypt -in "$WORK/key.tmp.pem" -out "$WORK/key.pem"
    rm -f "$WORK/key.tmp.pem"
}

# The ports, key and jar of this run's telcred: the same across a restart.
prepare_telcred() {
    cp "$JAR_SOURCE" "$WORK/telcred.jar"
    HTTP_PORT="$(free_port)"
    SIP_PORT="$(free_port)"
    SIP_TLS_PORT="$(free_port)"
    SIP_WS_PORT="$(free_port)"
    API_KEY="$(new_api_key)"
    BASE_URL="http://127.0.0.1:$HTTP_PORT"
    export SIP_IT_BASE_URL="$BASE_URL" SIP_IT_API_KEY="$API_KEY"
}

# Starts telcred on the run's ports and data, on its default settings otherwise, and waits until
# every door answers. Its pid is kept in a file, so that a scenario (a subshell) may restart it.
start_telcred() {
    log "starting telcred: HTTP $HTTP_PORT, SIP UDP/TCP $SIP_PORT, TLS $SIP_TLS_PORT, WS $SIP_WS_PORT"
    run_telcred_isolated "$WORK" "$WORK/telcred.jar" \
        TELCRED_HTTP_PORT="$HTTP_PORT" \
        TELCRED_BOOTSTRAP_API_KEY="$API_KEY" \
        TELCRED_SIP_DOMAIN="$DOMAIN" \
        TELCRED_SIP_UDP_PORT="$SIP_PORT" \
        TELCRED_SIP_TCP_PORT="$SIP_PORT" \
        TELCRED_SIP_TLS_PORT="$SIP_TLS_PORT" \
        TELCRED_SIP_WS_PORT="$SIP_WS_PORT" \
        TELCRED_SIP_WSS_PORT=-1 \
        TELCRED_SIP_TLS_CERTIFICATE="$WORK/cert.pem" \
        TELCRED_SIP_TLS_PRIVATE_KEY="$WORK/key.pem" \
        >>"$SERVER_LOG" 2>&1 &
    echo $! >"$WORK/server.pid"

    if ! wait_for_health "$BASE_URL" "$(server_pid)" "$STARTUP_TIMEOUT_SECONDS"; then
        log "telcred did not answer GET /health (exited or took over ${STARTUP_TIMEOUT_SECONDS}s)" >&2
        tail -n 100 "$SERVER_LOG" >&2 || true
        exit 1
    fi
    if ! wait_for_ports "$STARTUP_TIMEOUT_SECONDS" "$SIP_PORT" "$SIP_TLS_PORT" "$SIP_WS_PORT"; then
        tail -n 100 "$SERVER_LOG" >&2 || true
        exit 1
    fi
    log "telcred is up"
}

server_pid() { cat "$WORK/server.pid" 2>/dev/null || true; }

# Stops telcred (TERM) and starts it again on the same ports and data: what a deploy does.
restart_telcred() {
    stop_pid "$(server_pid)"
    start_telcred
}

api() { node "$HERE/lib/api.mjs" "$@"; }

# Field of a one-line JSON object: json_field '{"a":1}' a
json_field() { node -e 'console.log(JSON.parse(process.argv[1])[process.argv[2]])' "$1" "$2"; }

# Where SIPp and baresip send their traffic.
set_targets() {
    SIP_TARGET="127.0.0.1:$SIP_PORT"
    SIP_TLS_TARGET="127.0.0.1:$SIP_TLS_PORT"
}

# A fresh on-demand credential: sets ${1}_USER and ${1}_PASS.
new_credential() {
    local out
    out="$(api credential "$CONNECTION_ID")"
    printf -v "${1}_USER" '%s' "${out% *}"
    printf -v "${1}_PASS" '%s' "${out#* }"
}

# ---------------------------------------------------------------------------------------------
# Scenario plumbing. Each scenario function runs in its own subshell with `set -e`, its output in
# $SCENARIO_DIR/output.log; background processes it starts are listed in $SCENARIO_DIR/pids and
# stopped afterwards whatever happened.
# ---------------------------------------------------------------------------------------------

background() {
    "$@" &
    echo $! >>"$SCENARIO_DIR/pids"
    LAST_PID=$!
}

# sipp NAME ARGS...: SIPp against $SIP_TARGET with message and error traces in the scenario dir.
# On failure prints its exit status, its errors and the whole SIP exchange it saw.
sipp_run() {
    local name=$1
    shift
    local status=0
    (cd "$SCENARIO_DIR" && sipp "$SIP_TARGET" -i "${SIPP_LOCAL_IP:-127.0.0.1}" -nostdin -m 1 -key domain "$DOMAIN" \
        -timeout 20 -timeout_error -trace_msg -message_file "$name.msg" -trace_err -error_file "$name.err" \
        "$@" >"$name.screen" 2>&1) || status=$?
    if (( status != 0 )); then
        echo "SIPp '$name' exited $status (0 = all calls succeeded)"
        sipp_trace "$name"
    fi
    return "$status"
}

sipp_trace() {
    local name=$1
    if [[ -s "$SCENARIO_DIR/$name.err" ]]; then
        echo "----- SIPp '$name' errors -----"
        cat "$SCENARIO_DIR/$name.err"
        echo
    fi
    grep -h -E 'event|Aborting|ERROR|occurred' -A3 "$SCENARIO_DIR/$name.screen" 2>/dev/null | head -20 || true
    echo "----- SIPp '$name' messages -----"
    cat "$SCENARIO_DIR/$name.msg" 2>/dev/null || echo "(none)"
}

run_scenario() {
    local name=$1 fn=$2
    if [[ -n "${SIP_IT_ONLY:-}" && "$name" != $SIP_IT_ONLY ]]; then
        return 0
    fi
    SCENARIO_DIR="$WORK/scenarios/$name"
    mkdir -p "$SCENARIO_DIR"
    : >"$SCENARIO_DIR/pids"
    local started=$SECONDS status=0
    ( set -euo pipefail; "$fn" ) >"$SCENARIO_DIR/output.log" 2>&1 &
    local pid=$!
    # A watchdog, so that a hung peer fails the scenario instead of the whole run. Stopped with
    # TERM, it takes its sleep along so that nothing outlives the run.
    (
        sleeper=""
        trap 'kill $sleeper 2>/dev/null; exit 0' TERM
        sleep "$SCENARIO_TIMEOUT_SECONDS" &
        sleeper=$!
        wait "$sleeper"
        echo "TIMEOUT after ${SCENARIO_TIMEOUT_SECONDS}s" >>"$SCENARIO_DIR/output.log"
        kill "$pid" 2>/dev/null
    ) &
    local watchdog=$!
    wait "$pid" || status=$?
    kill "$watchdog" 2>/dev/null || true
    wait "$watchdog" 2>/dev/null || true
    local p
    while read -r p; do stop_pid "$p"; done <"$SCENARIO_DIR/pids"
    local took=$((SECONDS - started))
    if (( status == 0 )); then
        PASSED=$((PASSED + 1))
        printf 'PASS  %-34s %3ss\n' "$name" "$took"
    else
        FAILED=$((FAILED + 1))
        FAILED_NAMES+=("$name")
        printf 'FAIL  %-34s %3ss\n' "$name" "$took"
        sed 's/^/      | /' "$SCENARIO_DIR/output.log" | tail -n 150
    fi
}

# ---------------------------------------------------------------------------------------------
# SIPp scenarios
# ---------------------------------------------------------------------------------------------

# REGISTER (401, auth, 200) over UDP or TCP; the binding must be listed while SIPp holds it, with
# the right transport, and be gone after SIPp's REGISTER Expires: 0.
sipp_register() {
    local transport=$1 sipp_transport=$2
    new_credential R
    local port
    port="$(free_port)"
    echo "credential $R_USER registers over $transport from 127.0.0.1:$port"
    # -d: how long the scenario holds the registration before removing it (its <pause/>).
    background sipp_run register -sf "$HERE/sipp/register.xml" -t "$sipp_transport" -p "$port" \
        -s "$R_USER" -au "$R_USER" -ap "$R_PASS" -d 4000
    local sipp_pid=$LAST_PID
    local registration
    registration="$(api wait-registered "$R_USER" "$transport" sipp-telcred-it 4)"
    echo "listed: $registration"
    if [[ "$transport" == UDP ]]; then
        # UDP has no connection: telcred must have the binding's real source (rport).
        [[ "$(json_field "$registration" ip_address)" == 127.0.0.1 ]]
        [[ "$(json_field "$registration" port)" == "$port" ]] \
            || { echo "expected port $port in the registration"; false; }
    fi
    wait "$sipp_pid"
    api wait-unregistered "$R_USER" 3
    echo "gone after REGISTER Expires: 0"
}
scenario_sipp_register_udp() { sipp_register UDP u1; }
scenario_sipp_register_tcp() { sipp_register TCP t1; }

# A wrong password: challenged again (401) or refused (403), never 200; nothing registered.
scenario_sipp_wrong_password() {
    new_credential W
    sipp_run wrong -sf "$HERE/sipp/register_wrong_password.xml" -p "$(free_port)" \
        -s "$W_USER" -au "$W_USER" -ap "not-${W_PASS}"
    grep -E '^SIP/2.0 (401|403)' "$SCENARIO_DIR/wrong.msg" | tail -n 1 | sed 's/^/second REGISTER answered: /'
    api wait-unregistered "$W_USER" 0
    echo "no registration listed"
}

# A call between two SIPp instances through telcred: the callee (uas.xml) registers B over UDP
# and answers; the caller (uac.xml) registers A, INVITEs B (407, auth), ACK, BYE via Record-Route.
scenario_sipp_call_udp() {
    new_credential A
    new_credential B
    local call_id="telcred-it-$(random_chars 12 'a-z0-9')-%u"
    background sipp_run callee -sf "$HERE/sipp/uas.xml" -p "$(free_port)" \
        -s "$B_USER" -au "$B_USER" -ap "$B_PASS" -cid_str "$call_id"
    local callee_pid=$LAST_PID
    api wait-registered "$B_USER" UDP sipp-telcred-it-uas 5 >/dev/null
    echo "callee $B_USER registered"
    sipp_run caller -sf "$HERE/sipp/uac.xml" -p "$(free_port)" \
        -s "$A_USER" -au "$A_USER" -ap "$A_PASS" -key callee "$B_USER" -cid_str "$call_id" -d 1000
    echo "caller $A_USER: SIPp exited 0"
    wait "$callee_pid"
    echo "callee $B_USER: SIPp exited 0"
    grep -E '^(SIP/2.0 [0-9]+|[A-Z]+ sip:)' "$SCENARIO_DIR/caller.msg" | sed 's/^/caller saw: /'
}

# Calls telcred must refuse once the caller is authenticated: 480 for a user of the account
# with no binding, 404 for a user that does not exist.
sipp_call_refused() {
    local callee=$1 expected=$2
    new_credential A
    sipp_run refused -sf "$HERE/sipp/invite_rejected.xml" -p "$(free_port)" \
        -s "$A_USER" -au "$A_USER" -ap "$A_PASS" -key callee "$callee" -trace_logs -log_file refused.log
    local got
    got="$(grep -o 'final response [0-9]*' "$SCENARIO_DIR/refused.log" | tail -n 1)"
    echo "INVITE sip:$callee@$DOMAIN: $got"
    [[ "$got" == "final response $expected" ]] || { echo "expected $expected"; sipp_trace refused; false; }
}
scenario_sipp_call_not_registered() {
    new_credential C # exists, never registers
    sipp_call_refused "$C_USER" 480
}
scenario_sipp_call_unknown_user() {
    sipp_call_refused "gencred$(random_chars 22 'A-Za-z0-9')" 404
}

# ---------------------------------------------------------------------------------------------
# baresip scenarios
# ---------------------------------------------------------------------------------------------

# baresip_config DIR ACCOUNT_LINE: a config folder for one account.
baresip_config() {
    local dir=$1 account=$2
    mkdir -p "$dir"
    sed -e "s|@CAFILE@|$WORK/cert.pem|" -e "s|@MODULE_PATH@|$BARESIP_MODULES|" \
        -e "s|@CTRL_PORT@|$(free_port)|" "$HERE/baresip/config.in" >"$dir/config"
    printf '%s\n' "$account" >"$dir/accounts"
    : >"$dir/contacts"
}

# baresip_start NAME TRANSPORT USER PASS [EXTRA_ACCOUNT_PARAMS]: baresip registered through
# $SIP_TARGET (udp) or $SIP_TLS_TARGET (tls) as an outbound proxy; its SIP trace (-s) in NAME.log.
baresip_start() {
    local name=$1 transport=$2 user=$3 pass=$4 extra=${5:-}
    local target=$SIP_TARGET
    [[ "$transport" == tls ]] && target=$SIP_TLS_TARGET
    baresip_config "$SCENARIO_DIR/$name" \
        "<sip:$user@$DOMAIN;transport=$transport>;auth_pass=$pass;outbound=\"sip:$target;transport=$transport\";regint=300$extra"
    background baresip -f "$SCENARIO_DIR/$name" -s
}

baresip_show_log() {
    echo "----- baresip '$1' log (SIP trace) -----"
    sed 's/\x1b\[[0-9;]*m//g' "$SCENARIO_DIR/$1.log" 2>/dev/null | tail -n 120
}

# baresip registers over UDP or TLS; the API must list it with that transport and baresip's
# user agent; baresip unregisters when it is stopped (SIGTERM), and the binding must go.
baresip_register() {
    local transport=$1 api_transport=$2
    new_credential U
    echo "credential $U_USER registers with baresip over $api_transport"
    baresip_start bs "$transport" "$U_USER" "$U_PASS" >"$SCENARIO_DIR/bs.log" 2>&1
    local pid=$LAST_PID
    if ! api wait-registered "$U_USER" "$api_transport" baresip 10; then
        baresip_show_log bs
        return 1
    fi
    stop_pid "$pid"
    if ! api wait-unregistered "$U_USER" 5; then
        baresip_show_log bs
        return 1
    fi
    echo "gone after baresip quit"
}
scenario_baresip_register_udp() { baresip_register udp UDP; }
scenario_baresip_register_tls() { baresip_register tls TLS; }

# A SIPp caller calls baresip (UDP, auto answer) through telcred; the call is set up and hung up.
scenario_baresip_call_udp() {
    new_credential A
    new_credential D
    baresip_start bs udp "$D_USER" "$D_PASS" ";answermode=auto" >"$SCENARIO_DIR/bs.log" 2>&1
    if ! api wait-registered "$D_USER" UDP baresip 10 >/dev/null; then
        baresip_show_log bs
        return 1
    fi
    echo "baresip registered $D_USER"
    if ! sipp_run caller -sf "$HERE/sipp/uac.xml" -p "$(free_port)" -s "$A_USER" -au "$A_USER" -ap "$A_PASS" \
        -key callee "$D_USER" -cid_str "telcred-it-bs-$(random_chars 12 'a-z0-9')-%u" -d 1000; then
        baresip_show_log bs
        return 1
    fi
    grep -E '^(SIP/2.0 [0-9]+|[A-Z]+ sip:)' "$SCENARIO_DIR/caller.msg" | sed 's/^/caller saw: /'
}

# ---------------------------------------------------------------------------------------------
# SIP.js scenarios (Chromium, WebSocket): always direct, SIP.js answers telcred's MD5 challenge.
# ---------------------------------------------------------------------------------------------

sipjs_run() {
    local what=$1
    shift
    SIP_IT_WS_URL="ws://127.0.0.1:$SIP_WS_PORT" SIP_IT_DOMAIN="$DOMAIN" SIP_IT_WORK="$SCENARIO_DIR" \
        SIP_IT_USERS="$*" node "$HERE/sipjs/sipjs.test.mjs" "$what" || {
        local status=$?
        local f
        for f in "$SCENARIO_DIR"/browser-*.log; do
            [[ -f "$f" ]] || continue
            echo "----- $(basename "$f") (SIP.js log, SIP messages) -----"
            tail -n 80 "$f"
        done
        return "$status"
    }
}
scenario_sipjs_register_ws() {
    new_credential J
    sipjs_run register "$J_USER:$J_PASS"
}
scenario_sipjs_call_ws() {
    new_credential J
    new_credential K
    sipjs_run call "$J_USER:$J_PASS" "$K_USER:$K_PASS"
}
# A SIP.js call that telcred restarts in the middle of: the browsers reconnect, and the BYE of the
# call made before still goes through. sipjs.test.mjs asks for the restart with a file.
scenario_sipjs_call_across_restart() {
    new_credential J
    new_credential K
    background sipjs_run call-restart "$J_USER:$J_PASS" "$K_USER:$K_PASS"
    local browsers=$LAST_PID
    local deadline=$((SECONDS + 40))
    until [[ -f "$SCENARIO_DIR/restart-now" ]]; do
        kill -0 "$browsers" 2>/dev/null || break
        (( SECONDS < deadline )) || { echo "the call was not set up within 40 s"; return 1; }
        sleep 0.2
    done
    if [[ -f "$SCENARIO_DIR/restart-now" ]]; then
        restart_telcred
        touch "$SCENARIO_DIR/restart-done"
    fi
    wait "$browsers"
}

# ---------------------------------------------------------------------------------------------
# Mistakes and attacks, on the default settings
# ---------------------------------------------------------------------------------------------

# A baresip with a wrong password answers every 401 at once, behind the one address everybody in
# this run shares (an office behind NAT looks the same): it is slowed, then refused with a final
# 403 and stops, while baresip, SIPp and SIP.js with their right passwords register and call.
scenario_office_wrong_password() {
    new_credential W
    new_credential R
    new_credential A
    new_credential J
    baresip_start looping udp "$W_USER" "not-$W_PASS" >"$SCENARIO_DIR/looping.log" 2>&1
    baresip_start desk udp "$R_USER" "$R_PASS" ";answermode=auto" >"$SCENARIO_DIR/desk.log" 2>&1
    api wait-registered "$R_USER" UDP baresip 10 >/dev/null || { baresip_show_log desk; return 1; }
    echo "baresip $R_USER registered beside the one with the wrong password"
    sipp_run caller -sf "$HERE/sipp/uac.xml" -p "$(free_port)" -s "$A_USER" -au "$A_USER" -ap "$A_PASS" \
        -key callee "$R_USER" -cid_str "telcred-it-office-$(random_chars 12 'a-z0-9')-%u" -d 500
    echo "SIPp $A_USER called baresip $R_USER"
    sipjs_run register "$J_USER:$J_PASS"
    local deadline=$((SECONDS + 30))
    until grep -q 'SIP/2.0 403' "$SCENARIO_DIR/looping.log"; do
        (( SECONDS < deadline )) || { echo "no 403 for the wrong password within 30 s"; baresip_show_log looping; return 1; }
        sleep 0.5
    done
    local before after
    before="$(grep -c 'REGISTER sip:' "$SCENARIO_DIR/looping.log")"
    sleep 5
    after="$(grep -c 'REGISTER sip:' "$SCENARIO_DIR/looping.log")"
    echo "the wrong password sent $before REGISTERs until its 403, then $((after - before)) in 5 s"
    (( after - before <= 2 )) || { baresip_show_log looping; return 1; }
    api wait-unregistered "$W_USER" 0
    sipp_register UDP u1
    echo "the address is not banned: a new phone registers from it"
}

# Requests "inside a dialog" that no dialog through telcred has (to a phone's Contact, invented
# tags, a Route invented or copied from someone else's call) are refused and never reach the
# phone, while the phone's genuine call, held meanwhile, still ends with its BYE.
scenario_forged_in_dialog() {
    new_credential P
    new_credential A
    baresip_start phone udp "$P_USER" "$P_PASS" ";answermode=auto" >"$SCENARIO_DIR/phone.log" 2>&1
    local registration
    registration="$(api wait-registered "$P_USER" UDP baresip 10)" || { baresip_show_log phone; return 1; }
    local contact
    contact="$(json_field "$registration" contact)"
    background sipp_run caller -sf "$HERE/sipp/uac.xml" -p "$(free_port)" -s "$A_USER" -au "$A_USER" -ap "$A_PASS" \
        -key callee "$P_USER" -cid_str "telcred-it-genuine-$(random_chars 12 'a-z0-9')-%u" -d 6000
    local caller=$LAST_PID
    local deadline=$((SECONDS + 15))
    until grep -q '^Record-Route:' "$SCENARIO_DIR/caller.msg" 2>/dev/null; do
        (( SECONDS < deadline )) || { echo "the genuine call was not answered"; baresip_show_log phone; return 1; }
        sleep 0.2
    done
    local route
    route="$(grep -m1 '^Record-Route:' "$SCENARIO_DIR/caller.msg" | sed 's/^Record-Route: *//' | tr -d '\r')"
    echo "the phone's Contact: $contact; a copied Route: $route"
    SIPP_LOCAL_IP=127.0.0.3 sipp_run forger -sf "$HERE/sipp/forge_in_dialog.xml" -p "$(free_port)" \
        -key target "$contact" -key route "$route"
    echo "INVITE, BYE, INFO and MESSAGE, forged: each refused with 403"
    wait "$caller"
    echo "the genuine call ended with its BYE answered"
    if grep -q 'sip:intruder@' "$SCENARIO_DIR/phone.log"; then
        echo "a forged request reached the phone"
        baresip_show_log phone
        return 1
    fi
    echo "none of them reached the phone"
}

# A call set up before telcred restarts ends after it: the dialog's Route is checked with no
# state, and the BYE finds the phone by its Contact although it has not registered again.
scenario_dialog_across_restart() {
    new_credential P
    new_credential A
    baresip_start phone udp "$P_USER" "$P_PASS" ";answermode=auto" >"$SCENARIO_DIR/phone.log" 2>&1
    api wait-registered "$P_USER" UDP baresip 10 >/dev/null || { baresip_show_log phone; return 1; }
    background sipp_run caller -sf "$HERE/sipp/uac.xml" -p "$(free_port)" -s "$A_USER" -au "$A_USER" -ap "$A_PASS" \
        -key callee "$P_USER" -cid_str "telcred-it-restart-$(random_chars 12 'a-z0-9')-%u" -d 12000
    local caller=$LAST_PID
    local deadline=$((SECONDS + 15))
    until grep -q 'CSeq: 4 ACK' "$SCENARIO_DIR/caller.msg" 2>/dev/null; do
        (( SECONDS < deadline )) || { echo "the call was not set up"; baresip_show_log phone; return 1; }
        sleep 0.2
    done
    echo "call set up; restarting telcred"
    restart_telcred
    api wait-unregistered "$P_USER" 0
    echo "telcred restarted; the phone is not registered now"
    if ! wait "$caller"; then
        baresip_show_log phone
        return 1
    fi
    grep -q '^BYE sip:' "$SCENARIO_DIR/phone.log" || { echo "the BYE did not reach the phone"; baresip_show_log phone; return 1; }
    echo "the BYE went through the restarted telcred to the phone and was answered"
}

# A scan of 1,000 user names with a guessed password, from its own address: banned after a few,
# after which nothing it sends is answered, while phones on the other address go on.
scenario_scan_is_banned() {
    new_credential P
    local result answered unanswered
    result="$(node "$HERE/lib/scan.mjs" 127.0.0.1 "$SIP_PORT" 127.0.0.2 "$DOMAIN" 1000 200)"
    read -r _ answered _ unanswered <<<"$result"
    echo "of 1000 names tried: $answered answered, $unanswered unanswered once banned"
    (( answered < 100 && unanswered > 900 ))
    if SIPP_LOCAL_IP=127.0.0.2 sipp_run banned -sf "$HERE/sipp/register.xml" -p "$(free_port)" \
        -s "$P_USER" -au "$P_USER" -ap "$P_PASS" -d 100 >/dev/null; then
        echo "the banned address registered"
        return 1
    fi
    echo "the banned address gets no answer, even with a right password"
    sipp_register UDP u1
    echo "phones on the other address are unaffected"
}

# ---------------------------------------------------------------------------------------------

main() {
    local run_started=$SECONDS
    require_tools
    BARESIP_MODULES=/usr/lib/baresip/modules
    make_certificate
    prepare_telcred
    start_telcred
    set_targets
    CONNECTION_ID="$(api connection "sip-it" "sipit$(random_chars 10 'a-z0-9')" "$(random_chars 24 'A-Za-z0-9')")"
    log "credential connection $CONNECTION_ID; each scenario makes its own on-demand credentials"
    echo

    run_scenario sipp-register-udp scenario_sipp_register_udp
    run_scenario sipp-register-tcp scenario_sipp_register_tcp
    run_scenario sipp-wrong-password scenario_sipp_wrong_password
    run_scenario sipp-call-udp scenario_sipp_call_udp
    run_scenario sipp-call-not-registered-480 scenario_sipp_call_not_registered
    run_scenario sipp-call-unknown-user-404 scenario_sipp_call_unknown_user
    run_scenario baresip-register-udp scenario_baresip_register_udp
    run_scenario baresip-register-tls scenario_baresip_register_tls
    run_scenario baresip-call-udp scenario_baresip_call_udp
    run_scenario sipjs-register-ws scenario_sipjs_register_ws
    run_scenario sipjs-call-ws scenario_sipjs_call_ws
    run_scenario office-wrong-password scenario_office_wrong_password
    run_scenario forged-in-dialog scenario_forged_in_dialog
    run_scenario dialog-across-restart scenario_dialog_across_restart
    run_scenario sipjs-call-across-restart scenario_sipjs_call_across_restart
    run_scenario scan-is-banned scenario_scan_is_banned

    echo
    if (( FAILED > 0 )); then
        log "failed: ${FAILED_NAMES[*]}"
        log "telcred's log: last lines"
        tail -n 30 "$SERVER_LOG" | sed 's/^/      | /'
    fi
    log "took $((SECONDS - run_started))s"
    echo "$PASSED passed, $FAILED failed"
    (( FAILED == 0 ))
}

main
