#!/usr/bin/env bash
# Webhook benchmark of telcred: signed deliveries per second to a local receiver, and the delay from
# a SIP REGISTER (and unREGISTER) to its credential.registered (credential.unregistered) webhook.
# The load client is bench/WebhookLoad.java: the receiver (it verifies every Ed25519 signature with
# the published key) and the SIP phones (UDP, digest) whose registrations make the webhooks.
#
#   bash bench/webhook-bench.sh                       # from the repo root
#   WEBHOOK_BENCH_RUNS=1 bash bench/webhook-bench.sh  # a quick look
#
# Settings (environment):
#   WEBHOOK_BENCH_BATCH     webhooks per throughput run (default 2000): registrations of as many credentials
#                           (every other run, their unregistrations) made while the receiver holds its answers,
#                           so the outbox holds the whole batch; then the receiver answers at once and the time
#                           until the last of the batch arrives is measured
#   WEBHOOK_BENCH_RUNS      timed runs of each kind, after one untimed warm-up run; medians are reported (default 3)
#   WEBHOOK_BENCH_SAMPLES   REGISTER → webhook delays per run, one at a time: half registrations, half
#                           unregistrations (default 200)
#   WEBHOOK_BENCH_HEAP      server heap, -Xms = -Xmx (default 1g)
#   WEBHOOK_BENCH_JDK       the JDK of server and client (default: java on the PATH)
#   WEBHOOK_BENCH_JAR       the jar to test (default: BENCH_JAR, else target/telcred.jar, built if missing; a copy is used)
#
# The server runs on the embedded H2 database with its default webhook settings; client and server share
# this machine's cores. Output: progress, then the report; also written to bench/results/webhook-<date>-<time>.txt.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/lib.sh
source "$ROOT/scripts/lib.sh"
BENCH_DIR="$ROOT/bench"
LOG_TAG=webhook-bench

WEBHOOK_BENCH_BATCH=${WEBHOOK_BENCH_BATCH:-2000}
WEBHOOK_BENCH_RUNS=${WEBHOOK_BENCH_RUNS:-3}
WEBHOOK_BENCH_SAMPLES=${WEBHOOK_BENCH_SAMPLES:-200}
WEBHOOK_BENCH_HEAP=${WEBHOOK_BENCH_HEAP:-1g}
WEBHOOK_BENCH_JAR=${WEBHOOK_BENCH_JAR:-${BENCH_JAR:-$ROOT/target/telcred.jar}}
if [[ -n ${WEBHOOK_BENCH_JDK:-} ]]; then
    JAVA_BIN="$WEBHOOK_BENCH_JDK/bin/java"
else
    JAVA_BIN=$(command -v java)
fi
JDK_HOME=$(dirname "$(dirname "$(readlink -f "$JAVA_BIN")")")

RESULTS_DIR="$BENCH_DIR/results"
STAMP=$(date +%Y%m%d-%H%M%S)
WORK=$(mktemp -d /tmp/telcred-webhook-bench.XXXXXX)
NOTES="$WORK/notes.txt"
SERVER_PID=""

cleanup() {
    local status=$?
    stop_server
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ensure_package curl curl
prepare_jar "$WEBHOOK_BENCH_JAR"

HTTP_PORT=$(free_port)
SIP_PORT=$(free_port)
BASE_URL="http://127.0.0.1:$HTTP_PORT"
API_KEY=$(new_api_key)
SERVER_LOG="$WORK/server.log"
server_env "$WORK/data" "$HTTP_PORT"
SERVER_ENV+=(
    TELCRED_SIP_BIND_HOST=127.0.0.1 TELCRED_SIP_ADVERTISED_HOST=127.0.0.1 TELCRED_SIP_UDP_PORT="$SIP_PORT"
    TELCRED_SIP_TCP_PORT=0 TELCRED_SIP_TLS_PORT=-1 TELCRED_SIP_WS_PORT=0 TELCRED_SIP_WSS_PORT=-1
)
log "starting telcred ($JAR_INFO) on $BASE_URL, SIP UDP $SIP_PORT, heap $WEBHOOK_BENCH_HEAP"
launch_server "$JDK_HOME" "-Xms$WEBHOOK_BENCH_HEAP" "-Xmx$WEBHOOK_BENCH_HEAP"
await_server 60

log "running the load client: $WEBHOOK_BENCH_RUNS runs of $WEBHOOK_BENCH_BATCH webhooks, $WEBHOOK_BENCH_SAMPLES delays per run"
"$JAVA_BIN" -Xmx512m "$BENCH_DIR/WebhookLoad.java" "$BASE_URL" "$API_KEY" "$SIP_PORT" "$WEBHOOK_BENCH_BATCH" \
    "$WEBHOOK_BENCH_RUNS" "$WEBHOOK_BENCH_SAMPLES" >"$WORK/client.out" 2>"$WORK/client.err" || {
    cat "$WORK/client.err" >&2
    tail -n 30 "$SERVER_LOG" >&2
    die "the load client failed"
}

throughput_median=$(awk '$1 == "throughput" {print $5}' "$WORK/client.out" | median)
delay() { awk -v kind="$1" -v col="$2" '$1 == "delay" && $3 == kind {print $col}' "$WORK/client.out" | median; }
read -r verified_ok verified_failed < <(awk '$1 == "verified" {print $2, $3}' "$WORK/client.out")

mkdir -p "$RESULTS_DIR"
REPORT="$RESULTS_DIR/webhook-$STAMP.txt"
{
    echo "telcred webhook benchmark, $(date '+%Y-%m-%d %H:%M')"
    echo "machine: $(machine_info)"
    echo "jar: $JAR_INFO; JDK $(jdk_version "$JDK_HOME"); heap $WEBHOOK_BENCH_HEAP; embedded H2; default webhook settings"
    echo
    echo "Signed deliveries to a local receiver that verifies each signature (batch of $WEBHOOK_BENCH_BATCH from the outbox):"
    awk '$1 == "throughput" {printf "  run %d: %d webhooks in %.2f s = %d/s\n", $2, $3, $4, $5}' "$WORK/client.out"
    echo "  median: $throughput_median deliveries/s"
    echo
    echo "Delay from the authenticated REGISTER leaving the phone to its webhook arriving ($((WEBHOOK_BENCH_SAMPLES / 2)) of each per run):"
    awk '$1 == "delay" {printf "  run %d %-13s p50 %6.2f ms  p99 %6.2f ms\n", $2, $3, $4, $5}' "$WORK/client.out"
    echo "  median: registered p50 $(delay registered 4) ms, p99 $(delay registered 5) ms;" \
        "unregistered p50 $(delay unregistered 4) ms, p99 $(delay unregistered 5) ms"
    echo
    echo "signatures verified by the receiver: $verified_ok good, $verified_failed bad"
} | tee "$REPORT"
log "report written to $REPORT"
