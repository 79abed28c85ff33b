#!/usr/bin/env bash
# One node's scale: provisions SCALE_USERS on-demand credentials (default 1,000,000) through the REST API,
# restarts the server on that database, registers every one of them once with SIPp, and prints the live
# heap after a full GC per registered user (everything included), then the registration rate and the
# server CPU per registration at that size. It is bench/sip-bench.sh's "scale" phase; see bench/README.md.
#
#   bash bench/scale-bench.sh                      # 1,000,000 users, 2 GB heap, JDK 17: about 40 minutes
#   SCALE_USERS=100000 bash bench/scale-bench.sh   # a quicker look
#
# Settings (environment): SCALE_USERS (default 1000000), SCALE_HEAP (default 2g), SCALE_FIRST_RATE (the rate
# of the first registrations, default 2000/s), and any SIP_BENCH_* setting of bench/sip-bench.sh (JDKs, the
# refresh rate SIP_BENCH_FIXED_RATE, SIP_BENCH_SECONDS and SIP_BENCH_RUNS of the refresh runs).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export SIP_BENCH_PHASES=scale
export SIP_BENCH_CREDENTIALS=${SCALE_USERS:-1000000}
export SIP_BENCH_HEAP=${SCALE_HEAP:-2g}
export SIP_BENCH_SCALE_FIRST_RATE=${SCALE_FIRST_RATE:-2000}
export SIP_BENCH_JDKS=${SIP_BENCH_JDKS:-/usr/lib/jvm/java-17-openjdk-amd64}
export SIP_BENCH_SECONDS=${SIP_BENCH_SECONDS:-20}
export SIP_BENCH_BINDINGS=${SIP_BENCH_BINDINGS:-1}
exec bash "$ROOT/bench/sip-bench.sh" "$@"
