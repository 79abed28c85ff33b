package io.telcred.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.telcred.sip.SipTestClient.Message;
import io.telcred.testing.RtcTestClient;

/** The steps of a call between a browser and a phone that several tests take alike. */
public final class BridgedCalls {

    private BridgedCalls() {
    }

    /**
     * The browser hangs up normally; the phone gets the BYE of its dialog, in which its own tag is
     * {@code phoneTag}, and confirms it.
     */
    public static void browserHangsUp(RtcTestClient browser, String callId, SipTestClient phone, String phoneTag) {
        browser.call("telnyx_rtc.bye", browser.dialogParams(callId).put("cause", "NORMAL_CLEARING").put("causeCode", 16));
        Message bye = phone.request();
        assertThat(bye.method()).isEqualTo("BYE");
        assertThat(bye.header("To")).contains("tag=" + phoneTag);
        phone.respond(bye, 200, "OK", null, null);
    }
}
