package io.telcred.common;

/** Which page of a list to return; numbers start at 1. */
public record PageRequest(int number, int size) {

    public PageRequest {
        if (number < 1 || size < 1) {
            throw new IllegalArgumentException("page number and size start at 1");
        }
    }

    public long offset() {
        return (long) (number - 1) * size;
    }
}
