package io.telcred.metrics;

import io.telcred.common.Cidr;
import io.telcred.common.Setting;
import io.telcred.common.SettingValues;
import java.net.InetAddress;
import java.util.List;

/**
 * Whether {@code /metrics} is served, and to whom. It needs no API key, as a scraper holds none;
 * what it shows (counts, no names or addresses) can still be kept to the monitoring network.
 *
 * @param networks the networks a scrape may come from; empty for any
 */
public record MetricsSettings(boolean enabled, List<Cidr> networks) {

    public static final Setting<Boolean> ENABLED = Setting.bool("TELCRED_METRICS_ENABLED", true,
            "whether `/metrics` serves Prometheus metrics (no API key needed); `false` also stops counting");
    public static final Setting<List<String>> NETWORKS = Setting.networks("TELCRED_METRICS_NETWORKS",
            "comma-separated CIDRs that may read `/metrics` (others get 403); unset lets any address read it");

    public MetricsSettings {
        networks = List.copyOf(networks);
    }

    public static MetricsSettings from(SettingValues values) {
        return new MetricsSettings(values.get(ENABLED), values.get(NETWORKS).stream().map(Cidr::parse).toList());
    }

    /** Whether a scrape from {@code address} is answered. */
    public boolean allows(InetAddress address) {
        return networks.isEmpty() || networks.stream().anyMatch(network -> network.contains(address));
    }
}
