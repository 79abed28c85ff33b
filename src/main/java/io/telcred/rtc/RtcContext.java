package io.telcred.rtc;

import io.telcred.auth.LoginAuthenticator;
import io.telcred.call.Calls;
import io.telcred.metrics.CounterFamily;
import java.util.concurrent.ScheduledExecutorService;

/** What every connection of the door shares. */
record RtcContext(RtcSettings settings, LoginAuthenticator authenticator, Calls calls, RtcSessions sessions,
                  AddressCounts unauthenticated, ScheduledExecutorService timer, CounterFamily authentications) {
}
