package io.telcred.metrics;

/**
 * The names of telcred's own meters, in Micrometer's dotted form; Prometheus shows them with
 * underscores and a unit or {@code _total} added (the README lists them as Prometheus shows them,
 * and a test compares that list with what {@code /metrics} exposes). The tags each one carries
 * are fixed and few: a route template, never a path; a method from a known list, never the text
 * a client sent.
 */
public final class MeterNames {

    /** Timer with a latency histogram; tags {@code method}, {@code route} (the template), {@code status} ({@code 2xx}...). */
    public static final String HTTP_REQUESTS = "telcred.http.requests";
    /** HTTP requests being handled now. */
    public static final String HTTP_ACTIVE = "telcred.http.active";
    /** SIP requests; tags {@code direction} ({@code in}, {@code out}) and {@code method}. */
    public static final String SIP_REQUESTS = "telcred.sip.requests";
    /** SIP responses; tags {@code direction} and {@code class} ({@code 1xx}...{@code 6xx}). */
    public static final String SIP_RESPONSES = "telcred.sip.responses";
    /** SIP transactions in memory; tag {@code side} ({@code server}, {@code client}). */
    public static final String SIP_TRANSACTIONS = "telcred.sip.transactions";
    /** Open SIP connections (TCP, TLS, WS, WSS). */
    public static final String SIP_CONNECTIONS = "telcred.sip.connections";
    /** Live bindings in the location service: SIP registrations and WebRTC sessions. */
    public static final String BINDINGS = "telcred.bindings";
    /** Judged logins; tags {@code door} ({@code sip}, {@code rtc}) and {@code outcome}. */
    public static final String AUTHENTICATIONS = "telcred.authentications";
    /** Source addresses banned for scanning, since the start. */
    public static final String AUTH_BANS = "telcred.auth.bans";
    /** WebRTC sessions logged in now. */
    public static final String RTC_SESSIONS = "telcred.rtc.sessions";
    /** Calls in progress, whatever their doors. */
    public static final String CALLS_ACTIVE = "telcred.calls.active";
    /** Calls placed since the start. */
    public static final String CALLS_STARTED = "telcred.calls.started";

    private MeterNames() {
    }
}
