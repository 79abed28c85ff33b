package io.telcred.callcontrol;

import io.telcred.call.CustomHeader;
import java.util.List;

/**
 * {@code POST /v2/calls}: ring {@code to} (a credential's user name or SIP URI) for the application
 * {@code connectionId}. With {@code linkTo} a parked call and {@code bridgeOnAnswer}, the parked
 * caller's offer goes to the callee, and the answer bridges them; without {@code linkTo}, the
 * callee's SIP devices are rung with no offer, to be bridged later. Null fields were not given.
 *
 * @param timeoutSecs    how long to ring, null for the default
 * @param timeLimitSecs  longest the call may last once answered, null for no limit
 * @param clientState    base64 text echoed in every later webhook of this leg
 * @param commandId      a repeat of the command with the same id is done once
 * @param customHeaders  headers for the INVITEs of the SIP devices rung
 */
public record Dial(String connectionId, String to, String from, String linkTo, Boolean bridgeOnAnswer, Long timeoutSecs,
                   Long timeLimitSecs, String clientState, String commandId, List<CustomHeader> customHeaders) {

    public Dial {
        customHeaders = customHeaders == null ? List.of() : List.copyOf(customHeaders);
    }
}
