package io.telcred.main;

import io.telcred.call.CallSettings;
import io.telcred.callcontrol.CallControlSettings;
import io.telcred.cluster.ClusterSettings;
import io.telcred.portal.PortalSettings;
import io.telcred.rtc.RtcSettings;
import io.telcred.rtpengine.RtpEngineSettings;
import io.telcred.auth.AuthFailureSettings;
import io.telcred.auth.DigestSettings;
import io.telcred.common.ForwardedFor;
import io.telcred.common.Setting;
import io.telcred.http.HttpSettings;
import io.telcred.metrics.MetricsSettings;
import io.telcred.secret.SipSecrets;
import io.telcred.sip.core.SipSettings;
import io.telcred.sip.message.SipLimits;
import io.telcred.sip.registrar.RegistrarSettings;
import io.telcred.sip.transport.TransportSettings;
import io.telcred.store.DatabaseSettings;
import io.telcred.token.TokenSettings;
import io.telcred.turn.TurnSettings;
import io.telcred.user.UserSettings;
import io.telcred.webhook.WebhookSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Every setting of telcred, in the README's order. Each is defined beside what it configures; the
 * ones of the platform as a whole are defined here.
 */
final class Settings {

    static final Setting<Path> DATA_DIR = Setting.of("TELCRED_DATA_DIR", "./data", Path::of,
            "where the embedded database and the generated keys live");
    static final Setting<Optional<String>> MASTER_KEY = Setting.optional("TELCRED_MASTER_KEY",
            "base64 of 32 bytes that encrypt SIP passwords and signing keys; unset means `DATA_DIR/master.key`, made on "
                    + "first start (0600). Give every node the same value");
    static final Setting<Optional<String>> BOOTSTRAP_API_KEY = Setting.optional("TELCRED_BOOTSTRAP_API_KEY",
            "on first start, becomes the default account's API key (20..200 characters)");
    static final Setting<Duration> SIGNING_KEY_REFRESH = Setting.seconds("TELCRED_SIGNING_KEY_REFRESH_SECONDS", 60, 1,
            3_600, "how often a node rereads signing keys (to see a rotation made elsewhere)");
    static final Setting<Integer> MAX_CREDENTIALS_PER_TAG = Setting.integer("TELCRED_MAX_CREDENTIALS_PER_TAG", 1_000, 1,
            1_000_000, "credentials of one account that may share a tag");
    static final Setting<Duration> API_KEY_CACHE = Setting.seconds("TELCRED_API_KEY_CACHE_SECONDS", 5, 0, 3_600,
            "how long a node trusts a looked-up API key; a key revoked on another node or by the command line stops "
                    + "working within this time (at once on the node that revoked it)");
    static final Setting<Integer> DIRECTORY_CACHE_PERCENT = Setting.integer("TELCRED_DIRECTORY_CACHE_PERCENT", 25, 1, 80,
            "share of the maximum heap (-Xmx) the logins kept in memory may take, about 360 bytes each; a login "
                    + "beyond it is read from the database when it is next used");
    static final Setting<Integer> CREDENTIAL_CACHE_SIZE = Setting.integer("TELCRED_CREDENTIAL_CACHE_SIZE", 100_000, 1_000,
            100_000_000, "on-demand credentials kept in memory (as token checks and the API read them), and a tenth as "
                    + "many connection states");
    static final Setting<String> LOG_LEVEL = Setting.of("TELCRED_LOG_LEVEL", "INFO", Settings::logLevel, "log level");
    static final Setting<String> LOG_FORMAT = Setting.of("TELCRED_LOG_FORMAT", "text", Settings::logFormat,
            "`text` (one readable line per event) or `json` (one JSON object per line, with the request's id or the "
                    + "SIP Call-ID)");
    static final Setting<Duration> SHUTDOWN_GRACE = Setting.seconds("TELCRED_SHUTDOWN_GRACE_SECONDS", 20, 0, 600,
            "on SIGTERM, how long the SIP transactions and HTTP requests in flight may take to finish before the "
                    + "process stops anyway");
    static final Setting<Duration> SHUTDOWN_RETRY_AFTER = Setting.seconds("TELCRED_SHUTDOWN_RETRY_AFTER_SECONDS", 5, 1,
            3_600, "the `Retry-After` of the 503 that new REGISTERs, INVITEs and API requests get while the node stops");
    static final Setting<Duration> SHUTDOWN_MIN_DRAIN = Setting.seconds("TELCRED_SHUTDOWN_MIN_DRAIN_SECONDS", 0, 0, 600,
            "on SIGTERM, how long at least the node answers new work with that 503 before it stops, even with nothing "
                    + "in flight: a UDP phone holds no connection that could close, and learns to use another node only "
                    + "from the answer to its next request, so a cluster behind SRV sets it to the phones' refresh "
                    + "interval; 0 stops once the work in flight is done");
    static final Setting<Path> CONFIG_FILE = Setting.of("TELCRED_CONFIG_FILE", "telcred.properties", Path::of,
            "optional properties file with the same keys");

    private static final Set<String> LOG_LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    /** Every setting, in the order the README lists them. */
    static final List<Setting<?>> ALL = List.of(
            DATA_DIR, HttpSettings.HOST, HttpSettings.PORT, HttpSettings.HTTPS_PORT, HttpSettings.ACCEPT_QUEUE,
            DatabaseSettings.URL, DatabaseSettings.USER, DatabaseSettings.PASSWORD, DatabaseSettings.POOL_SIZE,
            DatabaseSettings.TIMEOUT, DatabaseSettings.RETRY_AFTER, DatabaseSettings.EMBEDDED_WRITE_DELAY,
            ClusterSettings.REDIS_URL, ClusterSettings.NODE_ID, ClusterSettings.TIMEOUT, ClusterSettings.RECONNECT_DELAY,
            ClusterSettings.NODE_SIP_ADDRESS, ClusterSettings.NODE_TIMEOUT,
            MASTER_KEY, BOOTSTRAP_API_KEY, UserSettings.BOOTSTRAP_EMAIL, UserSettings.BOOTSTRAP_PASSWORD,
            SipSecrets.DOMAIN, TransportSettings.BIND_HOST, SipSettings.ADVERTISED_HOST,
            TransportSettings.UDP_PORT, TransportSettings.TCP_PORT, TransportSettings.TLS_PORT, TransportSettings.WS_PORT,
            TransportSettings.WSS_PORT, TransportSettings.TLS_CERTIFICATE, TransportSettings.TLS_PRIVATE_KEY,
            SipLimits.MAX_MESSAGE_BYTES, SipLimits.MAX_HEADERS, SipLimits.MAX_LINE_LENGTH,
            TransportSettings.MAX_CONNECTIONS, TransportSettings.UDP_THREADS, TransportSettings.IDLE_TIMEOUT,
            RegistrarSettings.MIN_EXPIRES, RegistrarSettings.MAX_EXPIRES, RegistrarSettings.DEFAULT_EXPIRES,
            RegistrarSettings.MAX_BINDINGS_PER_USER, SipSettings.TIMER_T1, SipSettings.INVITE_TIMEOUT,
            DigestSettings.ALGORITHMS, DigestSettings.NONCE_SECRET, DigestSettings.NONCE_LIFETIME,
            DigestSettings.MAX_TRACKED_NONCES,
            AuthFailureSettings.TRUSTED_ADDRESSES, AuthFailureSettings.SLOW_AFTER, AuthFailureSettings.SLOW_DELAY,
            AuthFailureSettings.REFUSE_AFTER, AuthFailureSettings.REFUSE_DURATION, AuthFailureSettings.BAN_AFTER,
            AuthFailureSettings.BAN_USERNAMES, AuthFailureSettings.WINDOW, AuthFailureSettings.BAN_DURATION,
            AuthFailureSettings.MAX_TRACKED,
            RtcSettings.MAX_FRAME_BYTES, RtcSettings.SESSIONS_PER_CREDENTIAL, RtcSettings.REQUESTS_PER_SECOND,
            RtcSettings.UNAUTHENTICATED_PER_ADDRESS, RtcSettings.LOGIN_TIMEOUT, RtcSettings.RESUME_WINDOW,
            RtcSettings.IDLE_TIMEOUT, PortalSettings.STREAMS_PER_USER, CallSettings.NO_ANSWER_TIMEOUT, CallSettings.MAX_CALLS,
            CallControlSettings.PARK_TIMEOUT, CallControlSettings.STATUS_RETENTION, CallControlSettings.DEFAULT_TIMEOUT,
            CallControlSettings.MAX_CUSTOM_HEADERS, CallControlSettings.MAX_CUSTOM_HEADER_LENGTH,
            RtpEngineSettings.INSTANCES, RtpEngineSettings.TIMEOUT,
            TokenSettings.ISSUER, TokenSettings.AUDIENCE, TokenSettings.TTL, TokenSettings.LEEWAY,
            TokenSettings.VERIFIED_CACHE_SIZE, SIGNING_KEY_REFRESH,
            TurnSettings.SECRET, TurnSettings.URIS, TurnSettings.TTL,
            WebhookSettings.TIMEOUT, WebhookSettings.ATTEMPTS_PER_URL, WebhookSettings.RETRY_FIRST,
            WebhookSettings.RETRY_MAX, WebhookSettings.MAX_IN_FLIGHT, WebhookSettings.MAX_IN_FLIGHT_PER_ACCOUNT,
            WebhookSettings.THREADS, WebhookSettings.POLL_INTERVAL, WebhookSettings.ALLOW_LOOPBACK,
            WebhookSettings.ALLOWED_NETWORKS, WebhookSettings.KEEP_DAYS, WebhookSettings.EVENT_QUEUE,
            HttpSettings.MAX_THREADS, HttpSettings.MAX_ACTIVE_REQUESTS, HttpSettings.MAX_QUEUE_WAIT,
            HttpSettings.MAX_BODY_BYTES, HttpSettings.MAX_PAGE_SIZE, MAX_CREDENTIALS_PER_TAG,
            HttpSettings.AUTH_FAILURES_PER_MINUTE, API_KEY_CACHE,
            UserSettings.MIN_PASSWORD_LENGTH, UserSettings.SESSION_LIFETIME, UserSettings.INVITE_LIFETIME,
            UserSettings.SLOW_AFTER, UserSettings.SLOW_DELAY, UserSettings.LOCK_AFTER, UserSettings.ADDRESS_LOCK_AFTER,
            UserSettings.WINDOW, UserSettings.LOCK_DURATION, ForwardedFor.REVERSE_PROXIES, DIRECTORY_CACHE_PERCENT,
            CREDENTIAL_CACHE_SIZE,
            MetricsSettings.ENABLED, MetricsSettings.NETWORKS, SHUTDOWN_GRACE, SHUTDOWN_RETRY_AFTER,
            SHUTDOWN_MIN_DRAIN,             LOG_LEVEL, LOG_FORMAT, CONFIG_FILE);

    private Settings() {
    }

    private static String logFormat(String text) {
        String format = text.toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw new IllegalArgumentException("must be text or json, is '" + text + "'");
        }
        return format;
    }

    private static String logLevel(String text) {
        String level = text.toUpperCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(level)) {
            throw new IllegalArgumentException("must be one of TRACE, DEBUG, INFO, WARN, ERROR or OFF, is '" + text + "'");
        }
        return level;
    }
}
