package io.telcred.call;

/**
 * How an endpoint carries media, as far as bridging cares: a browser's ICE with DTLS-SRTP, or the
 * plain RTP most SIP phones send. Two legs of different profiles need a media relay between them.
 */
public enum MediaProfile {
    WEBRTC, PLAIN;

    /** The profile an SDP offers or answers: WebRTC when it carries a DTLS fingerprint and ICE credentials. */
    public static MediaProfile of(String sdp) {
        if (sdp == null) {
            return PLAIN;
        }
        boolean dtls = sdp.contains("a=fingerprint:");
        boolean ice = sdp.contains("a=ice-ufrag:");
        return dtls && ice ? WEBRTC : PLAIN;
    }
}
