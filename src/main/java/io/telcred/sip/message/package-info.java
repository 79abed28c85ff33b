/**
 * SIP messages and their wire form (RFC 3261 §7, §20, §25).
 *
 * <p>The model: {@link io.telcred.sip.message.SipMessage} ({@link io.telcred.sip.message.SipRequest},
 * {@link io.telcred.sip.message.SipResponse}) with ordered {@link io.telcred.sip.message.SipHeaders},
 * and immutable values parsed on demand from header text: {@link io.telcred.sip.message.Via},
 * {@link io.telcred.sip.message.NameAddress}, {@link io.telcred.sip.message.SipUri},
 * {@link io.telcred.sip.message.CSeq}.
 *
 * <p>The codec: {@link io.telcred.sip.message.SipParser} reads one whole message and never throws;
 * {@link io.telcred.sip.message.SipEncoder} writes one. {@link io.telcred.sip.message.SipStreamFrameDecoder}
 * frames TCP/TLS streams and {@link io.telcred.sip.message.SipDatagramDecoder} reads UDP datagrams;
 * WebSocket frames (RFC 7118, one message per frame) go straight to the parser. Every bound is in
 * {@link io.telcred.sip.message.SipLimits}.
 */
package io.telcred.sip.message;
