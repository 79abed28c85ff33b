package io.telcred.call;

/** Who is at one end of a call: a login name of an account, as its door authenticated it. */
public record Party(String loginName, String accountId) {
}
