package io.telcred.sip.message;

/**
 * RFC 5626 §4.4.1 CRLF keep-alive on stream transports: a client sends a double CRLF ({@link #PING})
 * and the server answers with a single CRLF ({@link #PONG}).
 */
public enum KeepAlive {
    PING, PONG
}
