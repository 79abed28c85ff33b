# Summarises `jfr print --events jdk.ExecutionSample` output: samples by thread, by component,
# the top self frames and the telcred methods on the stack. Each sample is charged to the first frame,
# from the top of the stack, that belongs to a known component, so library code (HashMap, String...)
# counts for its caller. The components come from a bench's own file, given first:
#   awk -f bench/jfr-buckets-sip.awk -f bench/jfr-samples.awk
# which defines bucket(frame): a component's name, or "" when the frame names none.
/^jdk\.ExecutionSample/ { n++ }
/sampledThread = / { t = $0; sub(/.*sampledThread = "/, "", t); sub(/".*/, "", t); sub(/-[0-9]+(-[0-9]+)?$/, "-N", t); threads[t]++ }
/stackTrace = \[/ { instack = 1; depth = 0; b = ""; delete seen; next }
instack && /^[[:space:]]*\]/ { instack = 0; if (b == "") b = "other JDK"; buckets[b]++; next }
instack {
    f = $0; sub(/^[[:space:]]+/, "", f); sub(/[[:space:]]+line:.*/, "", f); sub(/\(.*$/, "", f)
    if (f == "...") next
    depth++
    if (depth == 1) self[f]++
    if (b == "") b = bucket(f)
    if (f ~ /^io\.telcred\./ && !(f in seen)) { seen[f] = 1; tel[f]++ }
}
END {
    if (n == 0) { print "  (no execution samples)"; exit }
    printf "  %d execution samples. By thread:\n", n
    for (k in threads) printf "    %5.1f%%  %s\n", threads[k] * 100 / n, k | "sort -rn | head -6"
    close("sort -rn | head -6")
    print "  By component (first known frame from the top of the stack; JDK collections are charged to their caller):"
    for (k in buckets) printf "    %5.1f%%  %s\n", buckets[k] * 100 / n, k | "sort -rn"
    close("sort -rn")
    print "  Top self frames (the method running when sampled):"
    for (k in self) printf "    %5.1f%%  %s\n", self[k] * 100 / n, k | "sort -rn | head -25"
    close("sort -rn | head -25")
    print "  telcred methods on the stack (inclusive):"
    for (k in tel) printf "    %5.1f%%  %s\n", tel[k] * 100 / n, k | "sort -rn | head -20"
    close("sort -rn | head -20")
}
