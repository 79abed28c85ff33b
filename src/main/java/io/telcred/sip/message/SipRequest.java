package io.telcred.sip.message;

/** A SIP request. The method is case-sensitive (RFC 3261 §7.1); the Request-URI is kept as text. */
public final class SipRequest extends SipMessage {

    private final String method;
    private String requestUri;

    public SipRequest(String method, String requestUri, SipHeaders headers, byte[] body) {
        super(headers, body);
        if (method == null || !SipSyntax.isToken(method)) {
            throw new IllegalArgumentException("bad SIP method: " + method);
        }
        this.method = method;
        this.requestUri = checkedUri(requestUri);
    }

    private static String checkedUri(String uri) {
        if (uri == null || uri.isEmpty()) {
            throw new IllegalArgumentException("missing Request-URI");
        }
        for (int i = 0; i < uri.length(); i++) {
            if (uri.charAt(i) <= ' ') {
                throw new IllegalArgumentException("Request-URI contains white space or control characters");
            }
        }
        return uri;
    }

    public String method() {
        return method;
    }

    public String requestUri() {
        return requestUri;
    }

    public void requestUri(String uri) {
        this.requestUri = checkedUri(uri);
    }

    /** The Request-URI parsed, or null when it is not a sip or sips URI. */
    public SipUri sipRequestUri() {
        boolean sip = requestUri.regionMatches(true, 0, "sip:", 0, 4) || requestUri.regionMatches(true, 0, "sips:", 0, 5);
        return sip ? SipUri.parse(requestUri) : null;
    }

    public boolean isMethod(String name) {
        return method.equals(name);
    }

    @Override
    public SipRequest copy() {
        return new SipRequest(method, requestUri, headers().copy(), body().clone());
    }

    @Override
    public String startLine() {
        return method + " " + requestUri + " SIP/2.0";
    }
}
