package io.telcred.call;

/**
 * In-call information one side sends the other: DTMF digits or a text message.
 *
 * @param dtmf digits, or null
 * @param text a text message body, or null
 */
public record CallInfo(String dtmf, String text) {
}
