package io.telcred.call;

/** A trickled ICE candidate (RFC 8838), relayed as the endpoint sent it. Null candidate: end of candidates. */
public record IceCandidate(String candidate, Integer sdpMLineIndex, String sdpMid) {
}
