package io.telcred.sip.transport;

import io.telcred.sip.message.ParseResult;
import java.util.Objects;

/**
 * One message that arrived, with the flow it came on. A {@link ParseResult.Invalid} is reported for
 * counting only (say, towards a ban of the source); the core must not answer it. On TCP, TLS, WS
 * and WSS the transport has already answered it when enough of a request could be read (with the
 * status the parser chose, usually 400), and after a framing error closed the connection. On UDP
 * it is dropped unanswered.
 */
public record Inbound(ParseResult result, Flow flow) {

    public Inbound {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(flow, "flow");
    }
}
