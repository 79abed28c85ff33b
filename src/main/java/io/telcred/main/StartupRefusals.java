package io.telcred.main;

import io.telcred.common.Setting;
import io.telcred.crypto.KeyFile;
import io.telcred.location.Transport;
import io.telcred.main.Config.ConfigException;
import io.telcred.sip.transport.TransportSettings;
import java.net.BindException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Turns what stops a start (a key file that cannot be read, a database that cannot be opened, a
 * port in use) into a {@link ConfigException} naming the setting to change, so that the operator
 * reads one line instead of a stack trace.
 */
final class StartupRefusals {

    private static final Map<Transport, Setting<Integer>> SIP_PORTS = Map.of(Transport.UDP, TransportSettings.UDP_PORT,
            Transport.TCP, TransportSettings.TCP_PORT, Transport.TLS, TransportSettings.TLS_PORT,
            Transport.WS, TransportSettings.WS_PORT, Transport.WSS, TransportSettings.WSS_PORT);

    private StartupRefusals() {
    }

    /** {@link KeyFile#load}, refusing as the setting that names the key. */
    static byte[] keyFile(Path file, Optional<String> configured, Setting<?> setting, int length) {
        try {
            return KeyFile.load(file, configured.orElse(""), setting.name(), length);
        } catch (IllegalStateException e) {
            throw new ConfigException(setting.name(), withoutLeading(setting.name(), e.getMessage()));
        }
    }

    /** A database that cannot be opened or migrated: the URL's setting, or the data directory's for the embedded one. */
    static ConfigException database(RuntimeException e, boolean embedded) {
        String setting = embedded ? Settings.DATA_DIR.name() : "TELCRED_DATABASE_URL";
        return new ConfigException(setting, "cannot open the " + (embedded ? "embedded " : "") + "database: " + sqlMessage(e));
    }

    /** The driver's own words (the deepest SQLException's), which say what and where; else the root cause's. */
    private static String sqlMessage(Throwable e) {
        String message = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException && t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message != null ? message : rootMessage(e);
    }

    /** The HTTP port in use (or not ours to take), or the failure itself when it is something else. */
    static RuntimeException http(RuntimeException e, String host, int port) {
        return bound(e) ? new ConfigException("TELCRED_HTTP_PORT", "cannot listen for HTTP on " + host + ":" + port + ": "
                + rootMessage(e)) : e;
    }

    /** A SIP port in use: the transports say which in their message ("cannot listen for SIP over UDP on ..."). */
    static RuntimeException sip(RuntimeException e) {
        if (!bound(e)) {
            return e;
        }
        String message = e.getMessage() == null ? rootMessage(e) : e.getMessage();
        String setting = SIP_PORTS.entrySet().stream()
                .filter(port -> message.contains("SIP over " + port.getKey() + " "))
                .map(port -> port.getValue().name()).findFirst().orElse("TELCRED_SIP_BIND_HOST");
        return new ConfigException(setting, message);
    }

    private static boolean bound(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || t.getClass().getSimpleName().equals("JavalinBindException")
                    || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static String withoutLeading(String name, String message) {
        return message.startsWith(name + " ") ? message.substring(name.length() + 1) : message;
    }
}
