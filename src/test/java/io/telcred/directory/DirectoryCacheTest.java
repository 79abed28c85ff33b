package io.telcred.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.telcred.connection.ConnectionRepository;
import io.telcred.connection.ConnectionStates;
import io.telcred.credential.CredentialRepository;
import io.telcred.credential.TelephonyCredential;
import io.telcred.crypto.SecretBox;
import io.telcred.event.DomainEvent.LoginChanged;
import io.telcred.event.DomainEvents;
import io.telcred.secret.SipSecrets;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The directory's cache: sized by bytes, and never keeping what a change made stale while it was read. */
class DirectoryCacheTest {

    private static final SipSecrets SECRETS = new SipSecrets(new SecretBox(new byte[32]), "sip.example.test");

    private final AtomicInteger reads = new AtomicInteger();
    private final DomainEvents events = new DomainEvents();

    @Test
    void aLoginChangedWhileItWasReadIsReadAgainNextTime() {
        Queue<Runnable> loads = new ArrayDeque<>();
        Directory directory = directory(1 << 20, loads::add);

        CompletableFuture<Optional<Login>> first = directory.find("gencredAlice");
        assertThat(directory.find("gencredAlice")).as("one read for both").isSameAs(first);
        events.publish(new LoginChanged("gencredAlice", "id", true));
        loads.poll().run();
        assertThat(first.join()).isPresent();

        CompletableFuture<Optional<Login>> second = directory.find("gencredAlice");
        assertThat(second).as("not cached: it may predate the change").isNotDone();
        loads.poll().run();
        assertThat(second.join()).isPresent();
        assertThat(directory.find("gencredAlice")).as("cached now").isDone();
        assertThat(reads).hasValue(2);
    }

    @Test
    void theCacheHoldsAsManyLoginsAsItsBytesAllow() {
        int logins = 2_000;
        Directory roomy = directory(logins * 1_000L, Runnable::run);
        readAll(roomy, logins);
        reads.set(0);
        readAll(roomy, logins);
        assertThat(reads).as("all kept").hasValue(0);

        Directory tight = directory(logins / 10 * 400L, Runnable::run);
        readAll(tight, logins);
        reads.set(0);
        readAll(tight, logins);
        assertThat(reads.get()).as("about a tenth kept").isGreaterThan(logins * 8 / 10);
    }

    @Test
    void aLoginTakesAboutThreeHundredBytes() {
        Login login = directory(1 << 20, Runnable::run).find("gencredCarol4Hb8sPq2xYz7Lm3Nd0").join().orElseThrow();
        assertThat(LoginSizes.ENTRY + login.estimatedBytes()).isBetween(250, 400);
    }

    private static void readAll(Directory directory, int logins) {
        for (int i = 0; i < logins; i++) {
            assertThat(directory.find("gencredUser" + i).join()).isPresent();
        }
    }

    private Directory directory(long cacheBytes, Executor loader) {
        CredentialRepository credentials = (CredentialRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {CredentialRepository.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("findBySipUsername")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    reads.incrementAndGet();
                    return Optional.of(credential((String) args[0]));
                });
        ConnectionRepository connections = (ConnectionRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConnectionRepository.class}, (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
        return new Directory(connections, credentials, new ConnectionStates(connections, events, 1_000, loader), SECRETS,
                null, events, Clock.systemUTC(), cacheBytes, loader);
    }

    private static TelephonyCredential credential(String sipUsername) {
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        return new TelephonyCredential(id, "account-1", 7, null, null, sipUsername,
                SECRETS.protect("credential:" + id, sipUsername, "password-1"), true, null, 0, now, now);
    }
}
