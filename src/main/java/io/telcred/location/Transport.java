package io.telcred.location;

/** How a binding reached telcred, as the API names it. */
public enum Transport {
    UDP, TCP, TLS, WS, WSS
}
