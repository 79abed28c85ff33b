package io.telcred.http;

/**
 * The HTTP door's limits and address.
 *
 * @param maxBodyBytes          larger request bodies are refused with 413
 * @param maxPageSize           the largest {@code page[size]} a list accepts
 * @param authFailuresPerMinute bad API keys one address may present in a minute before 429
 */
public record HttpSettings(String host, int port, long maxBodyBytes, int maxPageSize, int authFailuresPerMinute) {
}
