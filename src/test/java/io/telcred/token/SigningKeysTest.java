package io.telcred.token;

import io.telcred.event.DomainEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telcred.crypto.SecretBox;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class SigningKeysTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration KEEP = TokenFixture.SETTINGS.keepRetiredKeysFor();

    private final TokenFixture node = new TokenFixture();

    @Test
    void firstStartCreatesOneP256KeyAndLaterStartsReuseIt() {
        SigningKey first = node.keys.signingKey();
        SigningKeys restarted = new SigningKeys(node.repository, node.secretBox, node.clock, TokenFixture.REFRESH, KEEP,
                new DomainEvents());

        assertThat(restarted.ensureSigningKey().kid()).isEqualTo(first.kid());
        assertThat(node.repository.all()).hasSize(1);
        assertThat(first.publicJwk().getCurve().getName()).isEqualTo("P-256");
        assertThat(first.retired()).isFalse();
    }

    @Test
    void kidIsTheRfc7638ThumbprintOfThePublicKey() throws Exception {
        JsonNode jwk = onlyJwk(node.keys.jwksJson());
        String canonical = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + jwk.get("x").asText() + "\",\"y\":\""
                + jwk.get("y").asText() + "\"}";
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));

        assertThat(node.keys.signingKey().kid()).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
    }

    @Test
    void jwksPublishesOnlyPublicMembers() throws Exception {
        JsonNode jwk = onlyJwk(node.keys.jwksJson());

        assertThat(iterable(jwk.fieldNames())).containsExactly("kty", "crv", "x", "y", "kid", "use", "alg");
        assertThat(jwk.get("kty").asText()).isEqualTo("EC");
        assertThat(jwk.get("use").asText()).isEqualTo("sig");
        assertThat(jwk.get("alg").asText()).isEqualTo("ES256");
        assertThat(jwk.get("kid").asText()).isEqualTo(node.keys.signingKey().kid());
        assertThat(node.keys.jwksJson()).doesNotContain("\"d\"");
    }

    @Test
    void privateKeyIsStoredSealedAndBoundToItsKid() throws Exception {
        String kid = node.keys.signingKey().kid();
        StoredSigningKey row = node.repository.row(kid);
        String privateJwk = node.secretBox.open(row.privateKeySealed(), "signing-key:" + kid);
        String d = JSON.readTree(privateJwk).get("d").asText();

        assertThat(d).isNotBlank();
        assertThat(row.privateKeySealed()).startsWith("v1:").doesNotContain(d);
        assertThat(row.publicJwk()).doesNotContain(d).doesNotContain("\"d\"");
        assertThatThrownBy(() -> node.secretBox.open(row.privateKeySealed(), "signing-key:other"))
                .isInstanceOf(SecretBox.SecretUnreadableException.class);
    }

    @Test
    void privateKeyMaterialNeverAppearsInToString() throws Exception {
        SigningKey key = node.keys.signingKey();
        StoredSigningKey row = node.repository.row(key.kid());
        String d = JSON.readTree(node.secretBox.open(row.privateKeySealed(), "signing-key:" + key.kid())).get("d").asText();

        assertThat(key.toString()).contains(key.kid()).doesNotContain(d);
        assertThat(key.publicJwk().toString()).doesNotContain(d);
        assertThat(row.toString()).contains(key.kid()).doesNotContain(d).doesNotContain(row.privateKeySealed());
        assertThat(node.keys.keys().toString()).doesNotContain(d);
    }

    @Test
    void keysSealedUnderAnotherMasterKeyFailLoudly() {
        byte[] otherMaster = new byte[32];
        otherMaster[0] = 1;
        SigningKeys wrongMaster = new SigningKeys(node.repository, new SecretBox(otherMaster), node.clock,
                TokenFixture.REFRESH, KEEP,
                new DomainEvents());

        assertThatThrownBy(wrongMaster::signingKey).isInstanceOf(SecretBox.SecretUnreadableException.class);
    }

    @Test
    void rotateRetiresThePreviousKeyButKeepsItForVerification() {
        SigningKey old = node.keys.signingKey();
        node.clock.advance(Duration.ofSeconds(5));

        SigningKey fresh = node.keys.rotate();

        assertThat(fresh.kid()).isNotEqualTo(old.kid());
        assertThat(node.keys.signingKey().kid()).isEqualTo(fresh.kid());
        assertThat(node.keys.find(old.kid())).get().extracting(SigningKey::retired).isEqualTo(true);
        assertThat(node.repository.row(old.kid()).retiredAt()).isEqualTo(node.clock.instant());
        assertThat(jwkKids(node.keys.jwksJson())).containsExactly(fresh.kid(), old.kid());
    }

    @Test
    void retiredKeyIsKeptForTheTokenLifetimePlusLeewayPlusOneRefreshInterval() {
        SigningKey old = node.keys.signingKey();
        node.keys.rotate();
        Duration retention = KEEP.plus(TokenFixture.REFRESH);

        node.clock.advance(retention.minusMillis(1));
        assertThat(node.keys.purgeExpired()).isZero();
        assertThat(jwkKids(node.keys.jwksJson())).contains(old.kid());

        node.clock.advance(Duration.ofMillis(1));
        assertThat(node.keys.purgeExpired()).isEqualTo(1);
        assertThat(node.repository.row(old.kid())).isNull();
        assertThat(jwkKids(node.keys.jwksJson())).doesNotContain(old.kid()).hasSize(1);
        assertThat(node.keys.find(old.kid())).isEmpty();
    }

    @Test
    void retiredKeyLeavesJwksOnTimeEvenBeforeItIsPurged() {
        SigningKey old = node.keys.signingKey();
        node.keys.rotate();

        node.clock.advance(KEEP.plus(TokenFixture.REFRESH));

        assertThat(jwkKids(node.keys.jwksJson())).doesNotContain(old.kid());
        assertThat(node.repository.row(old.kid())).isNotNull();
    }

    @Test
    void anotherNodeSeesARotationAfterTheRefreshInterval() {
        SigningKeys otherNode = new SigningKeys(node.repository, node.secretBox, node.clock, TokenFixture.REFRESH, KEEP,
                new DomainEvents());
        SigningKey old = otherNode.signingKey();

        SigningKey fresh = node.keys.rotate();
        node.clock.advance(TokenFixture.REFRESH.minusSeconds(1));
        assertThat(otherNode.signingKey().kid()).isEqualTo(old.kid());

        node.clock.advance(Duration.ofSeconds(1));
        assertThat(otherNode.signingKey().kid()).isEqualTo(fresh.kid());
    }

    @Test
    void anUnknownKidReloadsAtOnceButAtMostOnceASecond() {
        SigningKeys otherNode = new SigningKeys(node.repository, node.secretBox, node.clock, TokenFixture.REFRESH, KEEP,
                new DomainEvents());
        otherNode.signingKey();
        SigningKey fresh = node.keys.rotate();
        int loads = node.repository.loads.get();

        assertThat(otherNode.find(fresh.kid())).isPresent();
        assertThat(node.repository.loads.get()).isEqualTo(loads + 1);

        assertThat(otherNode.find("made-up-1")).isEmpty();
        assertThat(otherNode.find("made-up-2")).isEmpty();
        assertThat(node.repository.loads.get()).isEqualTo(loads + 1);

        node.clock.advance(Duration.ofSeconds(1));
        assertThat(otherNode.find("made-up-3")).isEmpty();
        assertThat(node.repository.loads.get()).isEqualTo(loads + 2);
    }

    @Test
    void knownKidsAreServedFromMemory() {
        String kid = node.keys.signingKey().kid();
        int loads = node.repository.loads.get();

        for (int i = 0; i < 100; i++) {
            assertThat(node.keys.find(kid)).isPresent();
            node.keys.jwksJson();
        }

        assertThat(node.repository.loads.get()).isEqualTo(loads);
    }

    private static JsonNode onlyJwk(String jwksJson) throws Exception {
        JsonNode keys = JSON.readTree(jwksJson).get("keys");
        assertThat(keys).hasSize(1);
        return keys.get(0);
    }

    private static List<String> jwkKids(String jwksJson) {
        try {
            return StreamSupport.stream(JSON.readTree(jwksJson).get("keys").spliterator(), false)
                    .map(key -> key.get("kid").asText()).toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> List<T> iterable(Iterator<T> iterator) {
        List<T> out = new ArrayList<>();
        iterator.forEachRemaining(out::add);
        return out;
    }
}
