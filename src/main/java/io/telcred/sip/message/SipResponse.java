package io.telcred.sip.message;

import java.util.Map;

/** A SIP response. The reason phrase is free text (UTF-8 allowed) and may be empty. */
public final class SipResponse extends SipMessage {

    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(100, "Trying"), Map.entry(180, "Ringing"), Map.entry(181, "Call Is Being Forwarded"),
            Map.entry(182, "Queued"), Map.entry(183, "Session Progress"), Map.entry(199, "Early Dialog Terminated"),
            Map.entry(200, "OK"), Map.entry(202, "Accepted"), Map.entry(204, "No Notification"),
            Map.entry(300, "Multiple Choices"), Map.entry(301, "Moved Permanently"),
            Map.entry(302, "Moved Temporarily"), Map.entry(305, "Use Proxy"), Map.entry(380, "Alternative Service"),
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(402, "Payment Required"),
            Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"),
            Map.entry(406, "Not Acceptable"), Map.entry(407, "Proxy Authentication Required"),
            Map.entry(408, "Request Timeout"), Map.entry(410, "Gone"), Map.entry(412, "Conditional Request Failed"),
            Map.entry(413, "Request Entity Too Large"), Map.entry(414, "Request-URI Too Long"),
            Map.entry(415, "Unsupported Media Type"), Map.entry(416, "Unsupported URI Scheme"),
            Map.entry(417, "Unknown Resource-Priority"), Map.entry(420, "Bad Extension"),
            Map.entry(421, "Extension Required"), Map.entry(422, "Session Interval Too Small"),
            Map.entry(423, "Interval Too Brief"), Map.entry(428, "Use Identity Header"),
            Map.entry(429, "Provide Referrer Identity"), Map.entry(430, "Flow Failed"),
            Map.entry(433, "Anonymity Disallowed"), Map.entry(436, "Bad Identity-Info"),
            Map.entry(437, "Unsupported Certificate"), Map.entry(438, "Invalid Identity Header"),
            Map.entry(439, "First Hop Lacks Outbound Support"), Map.entry(440, "Max-Breadth Exceeded"),
            Map.entry(469, "Bad Info Package"), Map.entry(470, "Consent Needed"),
            Map.entry(480, "Temporarily Unavailable"), Map.entry(481, "Call/Transaction Does Not Exist"),
            Map.entry(482, "Loop Detected"), Map.entry(483, "Too Many Hops"), Map.entry(484, "Address Incomplete"),
            Map.entry(485, "Ambiguous"), Map.entry(486, "Busy Here"), Map.entry(487, "Request Terminated"),
            Map.entry(488, "Not Acceptable Here"), Map.entry(489, "Bad Event"), Map.entry(491, "Request Pending"),
            Map.entry(493, "Undecipherable"), Map.entry(494, "Security Agreement Required"),
            Map.entry(500, "Server Internal Error"), Map.entry(501, "Not Implemented"),
            Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"), Map.entry(504, "Server Time-out"),
            Map.entry(505, "Version Not Supported"), Map.entry(513, "Message Too Large"),
            Map.entry(555, "Push Notification Service Not Supported"), Map.entry(580, "Precondition Failure"),
            Map.entry(600, "Busy Everywhere"), Map.entry(603, "Decline"),
            Map.entry(604, "Does Not Exist Anywhere"), Map.entry(606, "Not Acceptable"),
            Map.entry(607, "Unwanted"), Map.entry(608, "Rejected"));

    private final int status;
    private final String reason;

    public SipResponse(int status, String reason, SipHeaders headers, byte[] body) {
        super(headers, body);
        if (status < 100 || status > 699) {
            throw new IllegalArgumentException("SIP status out of range 100..699: " + status);
        }
        this.status = status;
        this.reason = checkedReason(reason != null ? reason : standardReason(status));
    }

    /** REASONS by status - 100, so that answering does not box the status to look it up. */
    private static final String[] REASON_BY_STATUS = new String[600];

    static {
        REASONS.forEach((status, reason) -> REASON_BY_STATUS[status - 100] = reason);
    }

    private static String checkedReason(String reason) {
        if (reason.indexOf('\r') >= 0 || reason.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("reason phrase contains a line break");
        }
        return reason;
    }

    /** The RFC's phrase for a status, or a phrase naming its class for codes without one. */
    public static String standardReason(int status) {
        String known = status >= 100 && status < 700 ? REASON_BY_STATUS[status - 100] : null;
        if (known != null) {
            return known;
        }
        return switch (status / 100) {
            case 1 -> "Session Progress";
            case 2 -> "OK";
            case 3 -> "Redirection";
            case 4 -> "Client Error";
            case 5 -> "Server Error";
            default -> "Global Failure";
        };
    }

    /**
     * A response to {@code request} as RFC 3261 §8.2.6.2 builds it: every Via (in order), From, To,
     * Call-ID and CSeq copied; Timestamp copied into a 100 (§8.2.6.1); the reason from
     * {@link #standardReason} when null. Record-Route is not copied; see the four-argument form.
     * Adding a To tag is the caller's (see {@link #toTag}), since only it knows the dialog.
     */
    public static SipResponse to(SipRequest request, int status, String reason) {
        return to(request, status, reason, false);
    }

    /** As {@link #to(SipRequest, int, String)}, also copying Record-Route into 18x and 2xx when asked (§12.1.1). */
    public static SipResponse to(SipRequest request, int status, String reason, boolean copyRecordRoute) {
        SipHeaders from = request.headers();
        SipHeaders headers = new SipHeaders();
        for (int i = 0; i < from.size(); i++) {
            SipHeaders.Entry e = from.get(i);
            String name = e.name();
            boolean copy = name.equals("Via") || name.equals("From") || name.equals("To")
                    || name.equals("Call-ID") || name.equals("CSeq")
                    || (status == 100 && name.equals("Timestamp"))
                    || (copyRecordRoute && name.equals("Record-Route") && ((status >= 180 && status < 190)
                            || (status >= 200 && status < 300)));
            if (copy) {
                headers.addValid(e);
            }
        }
        SipResponse response = new SipResponse(status, reason, headers, null);
        response.rememberParsesOf(request);
        return response;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    /** 2xx. */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /**
     * Adds {@code tag} to the To header when it has none (§8.2.6.2); a no-op when To is absent or
     * tagged. A tag that needs no quoting is appended to the To text as it is: a parameter after
     * the {@code >} of a name-addr, or after an addr-spec, is a header parameter either way. Any
     * other tag is written by re-encoding the whole address.
     */
    public void toTag(String tag) {
        NameAddress to = to();
        if (to == null || to.tag() != null) {
            return;
        }
        NameAddress tagged = to.withParam("tag", tag);
        if (tag == null || !Parameters.isGenValue(tag)) {
            headers().set("To", tagged.toString());
            return;
        }
        String text = headers().first("To").stripTrailing() + ";tag=" + tag;
        headers().set("To", text);
        rememberTo(text, tagged);
    }

    @Override
    public SipResponse copy() {
        return new SipResponse(status, reason, headers().copy(), body().clone());
    }

    @Override
    public String startLine() {
        return reason.isEmpty() ? "SIP/2.0 " + status + " " : "SIP/2.0 " + status + " " + reason;
    }
}
