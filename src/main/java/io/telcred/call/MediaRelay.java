package io.telcred.call;

/**
 * A media relay that carries one call's media between legs of different profiles, rewriting each
 * SDP for the side that receives it (rtpengine, driven over its control protocol). Calls that do
 * not need it never touch it.
 */
public interface MediaRelay {

    /** The caller's offer rewritten for a callee that speaks {@code to}. */
    String offer(String callId, String sdp, MediaProfile to);

    /** A callee's answer (or early media) rewritten for the caller, which speaks {@code to}. */
    String answer(String callId, String sdp, MediaProfile to);

    /** The call is over: its media ports are freed. */
    void delete(String callId);

    /** The relay failed or did not answer; the message is for the log. */
    final class RelayException extends RuntimeException {
        public RelayException(String message) {
            super(message);
        }
    }
}
