package io.telcred.sip.b2bua;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The dialogs telcred holds as a user agent, by Call-ID and our tag, for the requests that arrive inside them. */
public final class Dialogs {

    private final Map<String, SipLeg> byKey = new ConcurrentHashMap<>();

    void add(SipLeg leg) {
        byKey.put(leg.dialog().key(), leg);
    }

    void remove(SipLeg leg) {
        byKey.remove(leg.dialog().key(), leg);
    }

    SipLeg find(String callId, String localTag) {
        return callId == null || localTag == null ? null : byKey.get(SipDialog.key(callId, localTag));
    }
}
