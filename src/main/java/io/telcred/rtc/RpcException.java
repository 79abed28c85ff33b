package io.telcred.rtc;

/** A request answered with a JSON-RPC error; the detail is safe to show the client. */
final class RpcException extends RuntimeException {

    final RpcError error;

    RpcException(RpcError error, String detail) {
        super(detail, null, false, false);
        this.error = error;
    }
}
