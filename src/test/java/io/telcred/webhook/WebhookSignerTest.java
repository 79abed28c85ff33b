package io.telcred.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.telcred.crypto.SecretBox;
import io.telcred.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    private final SecretBox box = new SecretBox(new byte[32]);
    private final MemoryKeys keys = new MemoryKeys();

    @Test
    void signatureVerifiesWithTheJdkOverExactlyTimestampBarBody() {
        WebhookSigner signer = WebhookSigner.load(keys, box, new MutableClock());
        byte[] body = "{\"data\":{\"event_type\":\"credential.registered\",\"x\":\"é\"}}".getBytes(StandardCharsets.UTF_8);

        WebhookSigner.SignedHeaders headers = signer.sign(1_772_366_400L, body);

        assertThat(headers.timestamp()).isEqualTo("1772366400");
        assertThat(Base64.getDecoder().decode(headers.signature())).hasSize(64);
        assertThat(Ed25519Verifier.verifies(signer.publicKey(), headers.timestamp(), body, headers.signature())).isTrue();
        byte[] altered = body.clone();
        altered[altered.length - 3] ^= 1;
        assertThat(Ed25519Verifier.verifies(signer.publicKey(), headers.timestamp(), altered, headers.signature())).isFalse();
        assertThat(Ed25519Verifier.verifies(signer.publicKey(), "1772366401", body, headers.signature())).isFalse();
    }

    @Test
    void publishedKeyIsPaddedBase64OfTheRaw32Bytes() {
        String key = WebhookSigner.load(keys, box, new MutableClock()).publicKey();
        assertThat(key).matches("[A-Za-z0-9+/]{43}=");
        assertThat(Base64.getDecoder().decode(key)).hasSize(32);
    }

    @Test
    void theKeyIsMadeOnceAndKeptSealed() {
        String first = WebhookSigner.load(keys, box, new MutableClock()).publicKey();
        String again = WebhookSigner.load(keys, box, new MutableClock()).publicKey();
        assertThat(again).isEqualTo(first);
        assertThat(keys.stored.get().privateKeySealed()).startsWith("v1:");
        assertThat(keys.stored.get().toString()).doesNotContain(keys.stored.get().privateKeySealed());
    }

    private static final class MemoryKeys implements WebhookKeyRepository {
        final AtomicReference<StoredWebhookKey> stored = new AtomicReference<>();

        @Override
        public Optional<StoredWebhookKey> find() {
            return Optional.ofNullable(stored.get());
        }

        @Override
        public StoredWebhookKey insertIfAbsent(StoredWebhookKey key) {
            stored.compareAndSet(null, key);
            return stored.get();
        }
    }
}
