package io.telcred.sip.transport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.telcred.metrics.MeterNames;
import io.telcred.metrics.Metrics;
import io.telcred.metrics.StatusClasses;
import io.telcred.sip.message.SipMessage;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.message.SipResponse;

/**
 * Counts the SIP messages that arrive and leave: requests by method, responses by class. It sits
 * on the path of every message, so each counter is resolved once, here, and counting one is a
 * switch on the method and an increment; nothing is allocated per message.
 */
public final class SipTraffic {

    /** The methods counted by name; any other counts as {@code other}, so a client cannot add series. */
    static final String[] METHODS = {"REGISTER", "INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "INFO", "UPDATE", "PRACK",
            "MESSAGE", "NOTIFY", "SUBSCRIBE", "REFER", "PUBLISH", "other"};
    private static final int OTHER = METHODS.length - 1;

    private final Counter[] requestsIn;
    private final Counter[] requestsOut;
    private final Counter[] responsesIn;
    private final Counter[] responsesOut;

    public SipTraffic(Metrics metrics) {
        MeterRegistry registry = metrics.registry();
        this.requestsIn = requests(registry, "in");
        this.requestsOut = requests(registry, "out");
        this.responsesIn = responses(registry, "in");
        this.responsesOut = responses(registry, "out");
    }

    void received(SipMessage message) {
        count(message, requestsIn, responsesIn);
    }

    void sent(SipMessage message) {
        count(message, requestsOut, responsesOut);
    }

    private static void count(SipMessage message, Counter[] requests, Counter[] responses) {
        if (message instanceof SipRequest request) {
            requests[methodIndex(request.method())].increment();
        } else {
            responses[StatusClasses.index(((SipResponse) message).status())].increment();
        }
    }

    static int methodIndex(String method) {
        return switch (method) {
            case "REGISTER" -> 0;
            case "INVITE" -> 1;
            case "ACK" -> 2;
            case "BYE" -> 3;
            case "CANCEL" -> 4;
            case "OPTIONS" -> 5;
            case "INFO" -> 6;
            case "UPDATE" -> 7;
            case "PRACK" -> 8;
            case "MESSAGE" -> 9;
            case "NOTIFY" -> 10;
            case "SUBSCRIBE" -> 11;
            case "REFER" -> 12;
            case "PUBLISH" -> 13;
            default -> OTHER;
        };
    }

    private static Counter[] requests(MeterRegistry registry, String direction) {
        Counter[] counters = new Counter[METHODS.length];
        for (int i = 0; i < METHODS.length; i++) {
            counters[i] = Counter.builder(MeterNames.SIP_REQUESTS).description("SIP requests by method")
                    .tags("direction", direction, "method", METHODS[i]).register(registry);
        }
        return counters;
    }

    private static Counter[] responses(MeterRegistry registry, String direction) {
        Counter[] counters = new Counter[StatusClasses.count()];
        for (int i = 0; i < counters.length; i++) {
            counters[i] = Counter.builder(MeterNames.SIP_RESPONSES).description("SIP responses by class")
                    .tags("direction", direction, "class", StatusClasses.ofIndex(i)).register(registry);
        }
        return counters;
    }
}
