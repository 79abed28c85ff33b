package io.telcred.sip.core;

import io.telcred.auth.DigestSettings;
import io.telcred.common.Setting;
import io.telcred.common.SettingValues;
import io.telcred.sip.registrar.RegistrarSettings;
import io.telcred.sip.transport.TransportSettings;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;

/**
 * The SIP door's settings: its transports, the registrar's and the authenticator's rules, and the
 * proxy's.
 *
 * @param advertisedHost the host telcred puts in Via and Record-Route, reachable by clients
 * @param timerT1        RFC 3261's T1, from which the other transaction timers follow
 * @param inviteTimeout  an unanswered call branch is cancelled after ringing this long (Timer C)
 */
public record SipSettings(String advertisedHost, TransportSettings transports, RegistrarSettings registrar,
                          DigestSettings digest, Duration timerT1, Duration inviteTimeout) {

    public static final Setting<Optional<String>> ADVERTISED_HOST = Setting.optional("TELCRED_SIP_ADVERTISED_HOST",
            "the host telcred puts in Via and Record-Route; unset means the bind address, or this machine's first "
                    + "non-loopback IPv4 address");
    public static final Setting<Duration> TIMER_T1 = Setting.millis("TELCRED_SIP_TIMER_T1_MS", 500, 10, 10_000,
            "RFC 3261 timer T1; retransmission intervals and transaction lifetimes (64·T1) follow from it");
    public static final Setting<Duration> INVITE_TIMEOUT = Setting.seconds("TELCRED_SIP_INVITE_TIMEOUT_SECONDS", 180, 1,
            3_600, "a call that rings this long unanswered is cancelled (RFC 3261 Timer C)");

    public static SipSettings from(SettingValues values) {
        TransportSettings transports = TransportSettings.from(values);
        return new SipSettings(advertisedHost(values.get(ADVERTISED_HOST), transports.bindHost()), transports,
                RegistrarSettings.from(values), DigestSettings.from(values), values.get(TIMER_T1), values.get(INVITE_TIMEOUT));
    }

    /** The configured host, else the bound address, else this machine's first non-loopback IPv4 address. */
    static String advertisedHost(Optional<String> configured, String bindHost) {
        if (configured.isPresent()) {
            return configured.get();
        }
        if (!bindHost.equals("0.0.0.0") && !bindHost.equals("::")) {
            return bindHost;
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return address.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // fall through to loopback
        }
        return "127.0.0.1";
    }
}
