package io.telcred.sip.message;

import java.net.InetSocketAddress;

/** One UDP datagram's parse result and who sent it, emitted by {@link SipDatagramDecoder}. */
public record InboundDatagram(ParseResult result, InetSocketAddress sender) {
}
