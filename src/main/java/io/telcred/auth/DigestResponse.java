package io.telcred.auth;

/**
 * The fields of a digest {@code Authorization} header that the response hash covers (RFC 7616
 * §3.4.1). {@code qop} is null for the RFC 2069 form without {@code nc} and {@code cnonce}.
 *
 * @param algorithm the algorithm answered (MD5 also when the client named none), or null for one
 *                  telcred does not speak
 */
record DigestResponse(DigestAlgorithm algorithm, String method, String uri, String nonce, String nc, String cnonce,
                      String qop, String response) {
}
