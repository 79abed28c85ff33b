package io.telcred.rtc;

/**
 * The JSON-RPC error codes the Telnyx-RTC SDKs act on. -32000 makes the SDK log in again, so it
 * answers only a request sent before logging in; a failed login is always -32001.
 */
enum RpcError {
    PARSE_ERROR(-32700, "Parse error"),
    INVALID_REQUEST(-32600, "Invalid Request"),
    METHOD_NOT_FOUND(-32601, "Method not found"),
    INVALID_PARAMS(-32602, "Invalid params"),
    AUTHENTICATION_REQUIRED(-32000, "Authentication Required"),
    AUTHENTICATION_FAILURE(-32001, "Authentication Failure"),
    SESSION_ERROR(-32002, "Session error"),
    CALL_DOES_NOT_EXIST(-32004, "CALL DOES NOT EXIST"),
    TOO_MANY_REQUESTS(-32005, "Too many requests");

    final int code;
    final String message;

    RpcError(int code, String message) {
        this.code = code;
        this.message = message;
    }
}
