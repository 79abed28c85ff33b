package io.telcred.rtpengine;

import io.telcred.common.Setting;
import io.telcred.common.SettingValues;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Where rtpengine's ng control sockets are, in the form Kamailio's rtpengine module takes. */
public record RtpEngineSettings(List<InetSocketAddress> instances, Duration timeout) {

    public static final Setting<List<InetSocketAddress>> INSTANCES = Setting.of("TELCRED_RTPENGINE", "",
            RtpEngineSettings::instances, "rtpengine ng control sockets, comma-separated (`udp:127.0.0.1:22222`); calls "
                    + "go to one by their Call-ID. Unset: calls between a browser and a plain-RTP phone end with "
                    + "INCOMPATIBLE_DESTINATION (88)");
    public static final Setting<Duration> TIMEOUT = Setting.millis("TELCRED_RTPENGINE_TIMEOUT_MS", 1_000, 50, 30_000,
            "how long to wait for rtpengine's answer to one command (sent twice within it)");

    public static RtpEngineSettings from(SettingValues values) {
        return new RtpEngineSettings(values.get(INSTANCES), values.get(TIMEOUT));
    }

    public boolean enabled() {
        return !instances.isEmpty();
    }

    private static List<InetSocketAddress> instances(String text) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String item : text.split(",")) {
            String spec = item.trim();
            if (spec.isEmpty()) {
                continue;
            }
            if (!spec.startsWith("udp:")) {
                throw new IllegalArgumentException("must be udp:HOST:PORT entries, comma-separated; '" + spec
                        + "' is not (only the ng protocol over UDP is spoken)");
            }
            String hostPort = spec.substring(4);
            int colon = hostPort.lastIndexOf(':');
            int port;
            try {
                port = colon > 0 ? Integer.parseInt(hostPort.substring(colon + 1)) : -1;
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("'" + spec + "' needs a port from 1 to 65535");
            }
            String host = hostPort.substring(0, colon).replaceAll("^\\[|]$", "");
            addresses.add(InetSocketAddress.createUnresolved(host, port));
        }
        return List.copyOf(addresses);
    }
}
