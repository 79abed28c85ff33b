package io.telcred.rtc;

import java.net.InetAddress;

/** One WebSocket as the protocol sees it: frames out, a close, and who is at the other end. */
interface RtcSocket {

    /** Queues a text frame; never blocks. */
    void send(String frame);

    void close(int code, String reason);

    /** The client's address (the one a trusted reverse proxy names, else the peer's). */
    InetAddress address();

    int port();

    /** True over wss. */
    boolean secure();
}
