package io.telcred.http;

import io.telcred.common.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty gives itself, before any route runs (a header block over its limit: 431; a URI
 * it cannot decode: 400), in the API's error envelope instead of Jetty's HTML page, so that a
 * client parses every error the same way. Jetty's own message is left out: it may quote the
 * request.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body(code).getBytes(StandardCharsets.UTF_8)), callback);
    }

    /** Used when the request is too broken to be handled at all. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status).getBytes(StandardCharsets.UTF_8));
    }

    private static String body(int status) {
        String reason = HttpStatus.getMessage(status);
        String detail = switch (status) {
            case 431 -> "The request's headers are larger than this server accepts.";
            case 414 -> "The request's URI is longer than this server accepts.";
            default -> "The request cannot be handled (HTTP " + status + " " + reason + ").";
        };
        return ApiErrors.body(status >= 500 ? Problem.UNEXPECTED : Problem.INVALID_VALUE, detail, null, null);
    }
}
