package io.telcred.rtc;

import com.fasterxml.jackson.databind.JsonNode;

/** The user agent a login names: an object with {@code sdkVersion} and {@code data} (JS), or plain text (mobile). */
final class UserAgents {

    private static final int MAX_LENGTH = 256;

    private UserAgents() {
    }

    static String of(JsonNode userAgent) {
        if (userAgent == null || userAgent.isNull()) {
            return "Telnyx-RTC";
        }
        String text;
        if (userAgent.isObject()) {
            String sdk = userAgent.path("sdkVersion").asText("");
            String data = userAgent.path("data").asText("");
            text = ("Telnyx-RTC/" + sdk + " " + data).trim();
        } else {
            text = userAgent.asText("");
        }
        text = text.replaceAll("\\p{Cntrl}", " ");
        return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) : text;
    }
}
