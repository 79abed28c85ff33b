package io.telcred.http;

import java.util.List;

/**
 * The HTTP door's limits and address.
 *
 * @param maxBodyBytes          larger request bodies are refused with 413
 * @param maxPageSize           the largest {@code page[size]} a list accepts
 * @param authFailuresPerMinute bad API keys one address may present in a minute before 429
 * @param maxThreads            request threads; beyond them requests wait in line, which keeps
 *                              latency even instead of slicing a few cores between many threads
 * @param reverseProxies        networks (CIDRs) of reverse proxies in front of the API: a request
 *                              from one of them comes from the client its {@code X-Forwarded-For} names
 */
public record HttpSettings(String host, int port, long maxBodyBytes, int maxPageSize, int authFailuresPerMinute,
                           int maxThreads, List<String> reverseProxies) {

    public HttpSettings {
        reverseProxies = List.copyOf(reverseProxies);
    }
}
