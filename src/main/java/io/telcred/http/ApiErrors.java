package io.telcred.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.telcred.common.DomainException;
import io.telcred.common.Problem;
import io.telcred.common.StoreUnavailableException;
import io.telcred.json.Json;

/** Writes the error envelope of spec/rest-v2.md: {@code {"errors":[{code,title,detail,source,meta}]}}. */
final class ApiErrors {

    private ApiErrors() {
    }

    static int status(Problem problem) {
        return switch (problem) {
            case NOT_FOUND, INVALID_ID -> 404;
            case AUTHENTICATION_FAILED -> 401;
            case AUTHORIZATION_FAILED -> 403;
            case TOO_MANY_REQUESTS -> 429;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case UNEXPECTED -> 500;
            case UNAVAILABLE -> 503;
            case MISSING_PARAMETER, DUPLICATE, MISSING_ASSOCIATION, ASSOCIATION_NOT_FOUND -> 422;
            case INVALID_VALUE, CALL_ENDED -> 422;
        };
    }

    /** A refusal of the domain; the field it names is pointed at in the body ({@code inbound.codecs.1} is {@code /inbound/codecs/1}). */
    static void write(Context ctx, DomainException e) {
        String pointer = e.field() == null ? null : "/" + e.field().replace('.', '/');
        write(ctx, status(e.problem()), e.problem(), e.detail(), pointer, null);
    }

    /** The database cannot be reached: 503 with Retry-After, which the SDKs honour when they retry. */
    static void write(Context ctx, StoreUnavailableException e) {
        ctx.header("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        write(ctx, 503, Problem.UNAVAILABLE, "The service cannot reach its database just now; retry after "
                + Math.max(1, e.retryAfter().toSeconds()) + " s.");
    }

    static void write(Context ctx, RequestRefused e) {
        if (e.retryAfterSeconds() > 0) {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        write(ctx, e.status(), e.problem(), e.getMessage(), null, e.parameter());
    }

    static void write(Context ctx, int status, Problem problem, String detail) {
        write(ctx, status, problem, detail, null, null);
    }

    static void write(Context ctx, int status, Problem problem, String detail, String pointer, String parameter) {
        ctx.status(status).contentType("application/json").result(body(problem, detail, pointer, parameter));
    }

    /** The envelope's text, for writers that are not a route's (Jetty's own error answers). */
    static String body(Problem problem, String detail, String pointer, String parameter) {
        ObjectNode error = Json.MAPPER.createObjectNode()
                .put("code", problem.code())
                .put("title", problem.title())
                .put("detail", detail);
        if (pointer != null) {
            error.putObject("source").put("pointer", pointer);
        } else if (parameter != null) {
            error.putObject("source").put("parameter", parameter);
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putArray("errors").add(error);
        return Json.write(body);
    }
}
