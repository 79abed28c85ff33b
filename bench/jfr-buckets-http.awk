# The components of the HTTP bench's profile summary (bench/jfr-samples.awk).
function bucket(f) {
    if (f ~ /^sun\.security\.(ec|util\.math)\./) return "ECDSA (sun.security.ec)"
    if (f ~ /^sun\.security\.provider\.(SHA|DigestBase|ByteArrayAccess)|^java\.security\.MessageDigest/) return "digests (SHA/MD5)"
    if (f ~ /SecureRandom|NativePRNG|DRBG/) return "SecureRandom"
    if (f ~ /^org\.h2\./) return "H2"
    if (f ~ /^org\.postgresql\./) return "PostgreSQL JDBC"
    if (f ~ /^com\.zaxxer\./) return "HikariCP"
    if (f ~ /^org\.jdbi\./) return "JDBI"
    if (f ~ /^com\.fasterxml\./) return "Jackson"
    if (f ~ /^com\.nimbusds\./) return "Nimbus JOSE"
    if (f ~ /^com\.github\.benmanes\./) return "Caffeine"
    if (f ~ /^(org\.eclipse\.jetty|io\.javalin|jakarta\.servlet|kotlin)\./) return "Jetty/Javalin"
    if (f ~ /^org\.flywaydb\./) return "Flyway"
    if (f ~ /^(ch\.qos\.logback|org\.slf4j)\./) return "logging"
    if (f ~ /^io\.telcred\./) return "telcred"
    if (f ~ /^sun\.nio\.|^java\.nio\./) return "NIO/sockets"
    return ""
}
