package io.telcred.portal;

import io.javalin.http.Context;

/** A portal route for a signed-in user. */
@FunctionalInterface
interface PageHandler {

    void handle(Context ctx, Visitor visitor) throws Exception;
}
