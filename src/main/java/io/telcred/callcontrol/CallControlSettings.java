package io.telcred.callcontrol;

import io.telcred.common.Setting;
import io.telcred.common.SettingValues;
import java.time.Duration;

/**
 * Call control's limits.
 *
 * @param parkTimeout      how long a parked call waits for its application's command
 * @param statusRetention  how long an ended call's status stays readable
 * @param defaultTimeout   how long a dialled leg rings when the command gives no {@code timeout_secs}
 * @param maxCustomHeaders      most {@code custom_headers} one dial may carry
 * @param maxCustomHeaderLength longest name plus value of one custom header, in characters
 */
public record CallControlSettings(Duration parkTimeout, Duration statusRetention, Duration defaultTimeout,
                                  int maxCustomHeaders, int maxCustomHeaderLength) {

    public static final Setting<Duration> PARK_TIMEOUT = Setting.seconds("TELCRED_CALL_CONTROL_PARK_SECONDS", 60, 1, 3_600,
            "how long an incoming call parked for its call-control application waits for a command; then it ends "
                    + "with `timeout`");
    public static final Setting<Duration> STATUS_RETENTION = Setting.seconds("TELCRED_CALL_CONTROL_STATUS_SECONDS", 600,
            60, 86_400, "how long `GET /v2/calls/{id}` still answers, with `is_alive: false`, after the call ended");
    public static final Setting<Duration> DEFAULT_TIMEOUT = Setting.seconds("TELCRED_CALL_CONTROL_DIAL_TIMEOUT_SECONDS",
            30, 5, 600, "how long a leg dialled by `POST /v2/calls` rings when the command gives no `timeout_secs`");

    public static final Setting<Integer> MAX_CUSTOM_HEADERS = Setting.integer("TELCRED_CALL_CONTROL_MAX_CUSTOM_HEADERS", 10,
            0, 50, "most `custom_headers` one `POST /v2/calls` may pass to the SIP INVITEs it sends");
    public static final Setting<Integer> MAX_CUSTOM_HEADER_LENGTH = Setting.integer(
            "TELCRED_CALL_CONTROL_CUSTOM_HEADER_LENGTH", 256, 8, 2_048,
            "longest name plus value, in characters, of one of those custom headers");

    public static CallControlSettings from(SettingValues values) {
        return new CallControlSettings(values.get(PARK_TIMEOUT), values.get(STATUS_RETENTION), values.get(DEFAULT_TIMEOUT),
                values.get(MAX_CUSTOM_HEADERS), values.get(MAX_CUSTOM_HEADER_LENGTH));
    }
}
