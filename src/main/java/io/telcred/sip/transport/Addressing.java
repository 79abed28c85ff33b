package io.telcred.sip.transport;

import io.telcred.location.Transport;
import io.telcred.sip.message.SipUri;
import java.util.Locale;
import java.util.Set;

/** telcred's own SIP addresses: what goes into its Via and Record-Route, and how it knows itself in a URI. */
public final class Addressing {

    private final String host;
    private final String domain;
    private final SipTransports transports;
    private final Set<String> ownHosts;

    public Addressing(String host, String domain, SipTransports transports, Set<String> localHosts) {
        this.host = host;
        this.domain = domain.toLowerCase(Locale.ROOT);
        this.transports = transports;
        this.ownHosts = new java.util.HashSet<>();
        ownHosts.add(host.toLowerCase(Locale.ROOT));
        ownHosts.add(this.domain);
        localHosts.forEach(h -> ownHosts.add(h.toLowerCase(Locale.ROOT)));
    }

    public String domain() {
        return domain;
    }

    /** Our Via for a request leaving over {@code transport}. */
    public String via(Transport transport, String branch) {
        return "SIP/2.0/" + transport.name() + " " + host + ":" + transports.port(transport) + ";branch=" + branch;
    }

    /**
     * A Record-Route entry that clients on {@code transport} can reach us at, with a parameter
     * ({@code name=value}) that comes back in the Route of every request of the dialog.
     */
    public String recordRoute(Transport transport, String parameter) {
        StringBuilder uri = new StringBuilder("<sip:").append(host).append(':').append(transports.port(transport));
        if (transport != Transport.UDP) {
            uri.append(";transport=").append(transport.name().toLowerCase(Locale.ROOT));
        }
        return uri.append(";lr;").append(parameter).append('>').toString();
    }

    /** Our Contact as a user agent (the back-to-back calls), reachable over {@code transport}. */
    public String contact(Transport transport) {
        StringBuilder uri = new StringBuilder("<sip:telcred@").append(host).append(':').append(transports.port(transport));
        if (transport != Transport.UDP) {
            uri.append(";transport=").append(transport.name().toLowerCase(Locale.ROOT));
        }
        return uri.append('>').toString();
    }

    /** Whether a URI names this server (our host or domain, on one of our ports or none). */
    public boolean isUs(SipUri uri) {
        if (uri == null || !ownHosts.contains(uri.host().toLowerCase(Locale.ROOT))) {
            return false;
        }
        if (uri.port() < 0) {
            return true;
        }
        for (Transport t : Transport.values()) {
            if (transports.port(t) == uri.port()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a digest answer's {@code uri} names the resource of the Request-URI (RFC 3261 §22.4):
     * the same text; the same user at hosts that are both telcred's; or telcred itself, with no
     * user, which is what SIPp writes for every request (the address it sent to).
     */
    public boolean sameResource(String digestUri, String requestUri) {
        if (digestUri.equals(requestUri)) {
            return true;
        }
        SipUri digest = SipUri.parseOrNull(digestUri);
        SipUri request = SipUri.parseOrNull(requestUri);
        if (digest == null || request == null || !digest.scheme().equalsIgnoreCase(request.scheme())
                || !isOurDomain(request)) {
            return false;
        }
        if (digest.user() == null) {
            return isUs(digest);
        }
        return digest.user().equals(request.user()) && isOurDomain(digest);
    }

    /** Whether a URI is in our domain (any user at our domain or host), so its user is ours to find. */
    public boolean isOurDomain(SipUri uri) {
        return uri != null && ownHosts.contains(uri.host().toLowerCase(Locale.ROOT));
    }
}
