package io.telcred.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/**
 * One endpoint of the API. The server registers exactly these, and the OpenAPI test compares them
 * with the document, so the two cannot drift apart.
 *
 * @param path Javalin path syntax, which is also OpenAPI's: {@code /v2/telephony_credentials/{id}}
 */
public record Route(HandlerType method, String path, boolean authenticated, Handler handler) {

    static Route open(HandlerType method, String path, Handler handler) {
        return new Route(method, path, false, handler);
    }

    static Route withKey(HandlerType method, String path, Handler handler) {
        return new Route(method, path, true, handler);
    }
}
