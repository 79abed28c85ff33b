package io.telcred.call;

/**
 * A header an application asked to add to the INVITEs of the legs it dials (Telnyx's
 * {@code custom_headers}), checked by call control before it gets here.
 */
public record CustomHeader(String name, String value) {
}
