package io.telcred.sip.message;

/**
 * A framing error on a stream transport the decoder cannot recover from (headers over the size
 * limit, a bad Content-Length, a line too long): the transport should answer 400 if it can and
 * close, since the decoder discards everything after it.
 */
public record StreamFailure(ParseResult.Invalid invalid) {
}
