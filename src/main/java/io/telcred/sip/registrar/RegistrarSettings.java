package io.telcred.sip.registrar;

import io.telcred.common.Setting;
import io.telcred.common.SettingValues;
import io.telcred.location.Transport;
import io.telcred.sip.transport.TransportSettings;
import java.time.Duration;

/**
 * The registrar's rules.
 *
 * @param minExpires         shorter registrations are refused with 423 and this Min-Expires
 * @param maxExpires         longer ones are shortened to this
 * @param defaultExpires     when the client names no expiry
 * @param maxBindingsPerUser devices one login name may register at once
 * @param streamIdleTimeout  silent TCP and TLS connections close after this, so registrations over
 *                           them are kept shorter, and the phone's refresh keeps its connection open
 */
public record RegistrarSettings(int minExpires, int maxExpires, int defaultExpires, int maxBindingsPerUser,
                                Duration streamIdleTimeout) {

    public static final Setting<Integer> MIN_EXPIRES = Setting.integer("TELCRED_SIP_MIN_EXPIRES", 60, 1, 86_400,
            "shorter registrations get 423 with this Min-Expires");
    public static final Setting<Integer> MAX_EXPIRES = Setting.integer("TELCRED_SIP_MAX_EXPIRES", 3_600, 1, 604_800,
            "longer registrations are shortened to this");
    public static final Setting<Integer> DEFAULT_EXPIRES = Setting.integer("TELCRED_SIP_DEFAULT_EXPIRES", 3_600, 1,
            604_800, "expiry when a REGISTER names none");
    public static final Setting<Integer> MAX_BINDINGS_PER_USER = Setting.integer("TELCRED_SIP_MAX_BINDINGS_PER_USER", 10,
            1, 1_000, "devices one login name may register at once");

    public static RegistrarSettings from(SettingValues values) {
        return new RegistrarSettings(values.get(MIN_EXPIRES), values.get(MAX_EXPIRES), values.get(DEFAULT_EXPIRES),
                values.get(MAX_BINDINGS_PER_USER), values.get(TransportSettings.IDLE_TIMEOUT));
    }

    /** The longest registration over a flow of this kind: under the idle timeout for TCP and TLS. */
    int maxExpires(Transport transport) {
        if (transport == Transport.TCP || transport == Transport.TLS) {
            long underIdle = streamIdleTimeout.toSeconds() * 9 / 10;
            return (int) Math.max(minExpires, Math.min(maxExpires, underIdle));
        }
        return maxExpires;
    }
}
