package io.telcred.sip.proxy;

import io.telcred.crypto.Macs;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.message.SipUri;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Binds in-dialog requests to dialogs that telcred itself let through. The Record-Route of a
 * dialog-creating request carries a MAC over the dialog's identity (its Call-ID and the tag of
 * the side that began it), and a request inside a dialog is forwarded only when its Route names
 * telcred with that MAC. Nothing is stored: the check survives a restart and works on every node
 * that shares the secret, and anyone who merely guesses a phone's Contact cannot ring or hang up
 * phones through telcred.
 */
final class DialogStamps {

    /** The Record-Route parameter that carries the MAC. */
    static final String PARAMETER = "dlg";
    private static final String ALGORITHM = "HmacSHA256";
    /** Binds the MAC to this use, as the secret also signs digest nonces. */
    private static final byte[] CONTEXT = "telcred dialog route v1".getBytes(StandardCharsets.US_ASCII);
    /** 96 bits: 16 characters of base64url in every Record-Route. */
    private static final int MAC_BYTES = 12;

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    DialogStamps(byte[] secret) {
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
        this.macs = ThreadLocal.withInitial(() -> Macs.keyed(key));
    }

    /** The MAC of a dialog begun by the side whose tag is {@code initiatorTag}. */
    String stamp(String callId, String initiatorTag) {
        Mac mac = macs.get();
        mac.update(CONTEXT);
        mac.update((byte) 0);
        mac.update(String.valueOf(callId).getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        mac.update(String.valueOf(initiatorTag).getBytes(StandardCharsets.UTF_8));
        byte[] full = mac.doFinal();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(full, MAC_BYTES));
    }

    /**
     * Whether one of telcred's own Route entries, taken off the request, carries the MAC of the
     * request's dialog: begun by the caller (its From tag) or by the other side (its To tag).
     */
    boolean stamped(SipRequest request, List<SipUri> ourRoutes) {
        String callId = request.callId();
        String fromTag = request.from() == null ? null : request.from().tag();
        String toTag = request.to() == null ? null : request.to().tag();
        for (SipUri route : ourRoutes) {
            String presented = route.param(PARAMETER);
            if (presented != null && (matches(presented, stamp(callId, fromTag)) || matches(presented, stamp(callId, toTag)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String presented, String expected) {
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.US_ASCII), expected.getBytes(StandardCharsets.US_ASCII));
    }
}
