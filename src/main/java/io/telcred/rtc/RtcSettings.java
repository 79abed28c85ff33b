package io.telcred.rtc;

import io.telcred.common.Setting;
import io.telcred.common.SettingValues;
import java.time.Duration;

/**
 * The limits of the WebRTC signaling door. Each has one defined outcome when exceeded: an
 * oversized frame closes the socket (1009), a surplus session is refused at login, a burst of
 * requests is answered with an error, a surplus unauthenticated socket is closed (1008), and a
 * socket that does not log in within the login timeout is closed.
 */
public record RtcSettings(int maxFrameBytes, int sessionsPerCredential, int requestsPerSecond,
                          int unauthenticatedPerAddress, Duration loginTimeout, Duration resumeWindow,
                          Duration idleTimeout) {

    public static final Setting<Integer> MAX_FRAME_BYTES = Setting.integer("TELCRED_RTC_MAX_FRAME_BYTES", 65_536, 4_096,
            16_777_216, "largest WebRTC signaling frame accepted (an SDP with many candidates is about 10 KB); a larger one closes the socket with 1009");
    public static final Setting<Integer> SESSIONS_PER_CREDENTIAL = Setting.integer("TELCRED_RTC_SESSIONS_PER_CREDENTIAL", 10,
            1, 10_000, "WebRTC sessions one login name may hold at once; a login beyond it fails with -32001");
    public static final Setting<Integer> REQUESTS_PER_SECOND = Setting.integer("TELCRED_RTC_REQUESTS_PER_SECOND", 20, 1,
            100_000, "requests per second one WebRTC session may send (bursts of twice as many); beyond it a request is answered with error -32005");
    public static final Setting<Integer> UNAUTHENTICATED_PER_ADDRESS = Setting.integer(
            "TELCRED_RTC_UNAUTHENTICATED_PER_ADDRESS", 50, 1, 1_000_000,
            "WebRTC sockets one address may hold open before logging in; a socket beyond it is closed with 1008");
    public static final Setting<Duration> LOGIN_TIMEOUT = Setting.seconds("TELCRED_RTC_LOGIN_TIMEOUT_SECONDS", 10, 1, 300,
            "how long a WebRTC socket may stay open without logging in");
    public static final Setting<Duration> RESUME_WINDOW = Setting.seconds("TELCRED_RTC_RESUME_SECONDS", 90, 0, 3_600,
            "how long a WebRTC session outlives its socket, for a reconnect with its sessid to resume it and its calls");
    public static final Setting<Duration> IDLE_TIMEOUT = Setting.seconds("TELCRED_RTC_IDLE_TIMEOUT_SECONDS", 120, 40, 3_600,
            "a WebRTC socket silent this long is closed (the SDKs ping after 35 s of silence)");

    public static RtcSettings from(SettingValues values) {
        return new RtcSettings(values.get(MAX_FRAME_BYTES), values.get(SESSIONS_PER_CREDENTIAL),
                values.get(REQUESTS_PER_SECOND), values.get(UNAUTHENTICATED_PER_ADDRESS), values.get(LOGIN_TIMEOUT),
                values.get(RESUME_WINDOW), values.get(IDLE_TIMEOUT));
    }
}
