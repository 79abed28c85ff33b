# Shell functions shared by the integration tests (it/) and the benchmarks (bench/):
#   source "$ROOT/scripts/lib.sh"

# random_chars N CLASS: N random characters of the tr(1) class CLASS, read from /dev/urandom.
random_chars() {
    local n=$1 class=$2 out=""
    while (( ${#out} < n )); do
        out+="$(head -c 256 /dev/urandom | LC_ALL=C tr -dc "$class")"
    done
    printf '%s' "${out:0:n}"
}

# new_api_key: an API key of the documented shape, KEY + 32 upper-case hex + "_" + 22 alphanumerics.
new_api_key() {
    printf 'KEY%s_%s' "$(random_chars 32 '0-9A-F')" "$(random_chars 22 'A-Za-z0-9')"
}

# stop_pid PID: stops a process politely (TERM), and after 5 s for good (KILL); nothing if it is gone.
stop_pid() {
    local pid=$1
    [[ -n "$pid" ]] || return 0
    kill -0 "$pid" 2>/dev/null || return 0
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# wait_for_health BASE_URL PID SECONDS: waits until GET BASE_URL/health answers 200. Returns 1 when
# the process PID exits first, 2 when SECONDS pass.
wait_for_health() {
    local url=$1/health pid=$2 deadline=$((SECONDS + $3))
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)" == 200 ]]; do
        kill -0 "$pid" 2>/dev/null || return 1
        (( SECONDS < deadline )) || return 2
        sleep 0.3
    done
}
