package io.telcred.sip.b2bua;

import io.telcred.crypto.RandomStrings;
import io.telcred.sip.message.NameAddress;
import io.telcred.sip.message.SipHeaders;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.message.SipResponse;
import io.telcred.sip.transport.NextHop;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One SIP dialog telcred holds as a user agent (RFC 3261 §12): the identifiers both ends know it
 * by, where requests inside it go, and our sequence number. Builds the requests telcred sends in it.
 */
final class SipDialog {

    private final String callId;
    private final String localTag;
    private final NameAddress local;
    private final NextHop hop;
    private final String contact;
    private NameAddress remote;
    private String remoteTarget;
    private List<String> routeSet = List.of();
    private long localCseq;

    SipDialog(String callId, String localTag, NameAddress local, NameAddress remote, String remoteTarget, NextHop hop,
              String contact, long localCseq) {
        this.callId = callId;
        this.localTag = localTag;
        this.local = local;
        this.remote = remote;
        this.remoteTarget = remoteTarget;
        this.hop = hop;
        this.contact = contact;
        this.localCseq = localCseq;
    }

    /** The dialog of a request we answer: its From is the remote end, our tag goes into its To. */
    static SipDialog answering(SipRequest invite, NextHop hop, String contact) {
        NameAddress caller = invite.from();
        NameAddress callee = invite.to().withParam("tag", RandomStrings.hexLower(16));
        SipDialog dialog = new SipDialog(invite.callId(), callee.tag(), callee, caller, target(invite.contacts(),
                invite.from().uri()), hop, contact, 0);
        dialog.routeSet = invite.headers().all("Record-Route");
        return dialog;
    }

    /** The dialog of a request we send: a new Call-ID and From tag. */
    static SipDialog calling(NameAddress from, NameAddress to, String requestUri, NextHop hop, String contact) {
        String tag = RandomStrings.hexLower(16);
        return new SipDialog(RandomStrings.hexLower(16) + "@telcred", tag, from.withParam("tag", tag), to, requestUri,
                hop, contact, 0);
    }

    /** The answer that established a dialog we started: the remote tag, target and route set (§12.1.2). */
    synchronized void established(SipResponse response) {
        remote = response.to();
        remoteTarget = target(response.contacts(), remoteTarget);
        List<String> routes = new ArrayList<>(response.headers().all("Record-Route"));
        Collections.reverse(routes);
        routeSet = List.copyOf(routes);
    }

    /** A request inside the dialog, with the next CSeq (or the given one, for an ACK or a CANCEL). */
    synchronized SipRequest request(String method, long cseq, String contentType, String body) {
        SipHeaders headers = new SipHeaders();
        routeSet.forEach(route -> headers.add("Route", route));
        headers.add("Max-Forwards", "70");
        headers.add("From", local.toString());
        headers.add("To", remote.toString());
        headers.add("Call-ID", callId);
        long number = cseq > 0 ? cseq : ++localCseq;
        headers.add("CSeq", number + " " + method);
        headers.add("Contact", contact);
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            headers.add("Content-Type", contentType);
        }
        headers.add("Content-Length", Integer.toString(bytes.length));
        return new SipRequest(method, remoteTarget, headers, bytes);
    }

    SipRequest request(String method, String contentType, String body) {
        return request(method, 0, contentType, body);
    }

    String key() {
        return key(callId, localTag);
    }

    static String key(String callId, String localTag) {
        return callId + "|" + localTag;
    }

    String callId() {
        return callId;
    }

    String localTag() {
        return localTag;
    }

    NameAddress local() {
        return local;
    }

    NextHop hop() {
        return hop;
    }

    String contact() {
        return contact;
    }

    private static String target(List<NameAddress> contacts, String fallback) {
        return contacts.isEmpty() || contacts.get(0).isWildcard() ? fallback : contacts.get(0).uri();
    }
}
