package io.telcred.credential;

/** A tag and how many of an account's credentials carry it. */
public record TagCount(String tag, long amount) {
}
