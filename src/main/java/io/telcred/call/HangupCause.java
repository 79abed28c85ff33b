package io.telcred.call;

import java.util.Locale;
import java.util.Optional;

/**
 * Why a call or a leg ended, as a Q.850 cause: the name and code the WebRTC SDKs show, and the SIP
 * status a SIP leg answers or is answered with (RFC 3398 §7.2.4.1 in the other direction).
 */
public enum HangupCause {
    UNALLOCATED_NUMBER(1, 404),
    NORMAL_CLEARING(16, 200),
    USER_BUSY(17, 486),
    NO_USER_RESPONSE(18, 408),
    NO_ANSWER(19, 480),
    SUBSCRIBER_ABSENT(20, 480),
    CALL_REJECTED(21, 603),
    NORMAL_TEMPORARY_FAILURE(41, 503),
    INCOMPATIBLE_DESTINATION(88, 488),
    /** Another device of the callee answered first. */
    LOSE_RACE(502, 200),
    /** The call lasted the longest its application allowed (FreeSWITCH's name and code for it). */
    ALLOTTED_TIMEOUT(602, 200),
    ORIGINATOR_CANCEL(487, 487);

    private final int code;
    private final int sipStatus;

    HangupCause(int code, int sipStatus) {
        this.code = code;
        this.sipStatus = sipStatus;
    }

    public int code() {
        return code;
    }

    public int sipStatus() {
        return sipStatus;
    }

    /** The cause a client named, by name or code; empty when it is none of these. */
    public static Optional<HangupCause> named(String name, Integer code) {
        if (name != null) {
            try {
                return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                // fall through to the code
            }
        }
        if (code != null) {
            for (HangupCause cause : values()) {
                if (cause.code == code) {
                    return Optional.of(cause);
                }
            }
        }
        return Optional.empty();
    }

    /** The cause for a SIP final failure response (RFC 3398 §8.2.6.1). */
    public static HangupCause ofSipStatus(int status) {
        return switch (status) {
            case 404, 484, 604 -> UNALLOCATED_NUMBER;
            case 408 -> NO_USER_RESPONSE;
            case 480 -> NO_ANSWER;
            case 486, 600 -> USER_BUSY;
            case 487 -> ORIGINATOR_CANCEL;
            case 488, 606 -> INCOMPATIBLE_DESTINATION;
            case 603 -> CALL_REJECTED;
            default -> NORMAL_TEMPORARY_FAILURE;
        };
    }
}
