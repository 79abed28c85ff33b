package io.telcred.http;

import static io.telcred.testing.Fixtures.connection;
import static io.telcred.testing.Fixtures.credentialUnder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.telcred.directory.Directory;
import io.telcred.directory.Login;
import io.telcred.testing.ApiClient;
import io.telcred.testing.TestTelcred;
import io.telcred.token.TokenRejectedException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tokens minted over HTTP verify with a standard JOSE library against the published JWKS, and die with their credential. */
class LoginTokenTest {

    private static TestTelcred telcred;
    private static ApiClient api;
    private static Directory directory;

    @BeforeAll
    static void start() {
        telcred = TestTelcred.start();
        api = telcred.newAccountClient("tokens");
        directory = telcred.server().platform().directory();
    }

    @AfterAll
    static void stop() {
        telcred.close();
    }

    @Test
    void tokenVerifiesAgainstThePublishedJwksWithNimbus() throws Exception {
        JsonNode credential = credentialUnder(api, connection(api).get("id").asText());
        String token = mint(credential);
        ApiClient.Response jwksResponse = telcred.client(null).get("/.well-known/jwks.json");
        assertThat(jwksResponse.status()).isEqualTo(200);
        JWKSet jwks = JWKSet.parse(jwksResponse.body());
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        ECKey key = (ECKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).isNotNull();
        assertThat(key.isPrivate()).isFalse();
        assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(credential.get("id").asText());
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("telnyx_telephony");
    }

    @Test
    void directoryLogsInALiveCredentialsToken() {
        JsonNode credential = credentialUnder(api, connection(api).get("id").asText());
        Login login = directory.checkToken(mint(credential)).join();
        assertThat(login.credentialId()).isEqualTo(credential.get("id").asText());
        assertThat(login.loginName()).isEqualTo(credential.get("sip_username").asText());
    }

    @Test
    void tokenDiesWithItsCredentialWhateverItsExpiry() {
        JsonNode credential = credentialUnder(api, connection(api).get("id").asText());
        String path = "/v2/telephony_credentials/" + credential.get("id").asText();
        String token = mint(credential);

        api.post(path + "/actions/deactivate", null);
        assertRejected(token, TokenRejectedException.Reason.SUBJECT_REVOKED);
        api.post(path + "/actions/activate", null);
        // Deactivation revoked the tokens made before it, even once the credential is active again.
        assertRejected(token, TokenRejectedException.Reason.SUBJECT_REVOKED);
        String fresh = mint(credential);
        assertThat(directory.checkToken(fresh).join().credentialId()).isEqualTo(credential.get("id").asText());

        api.delete(path);
        assertRejected(fresh, TokenRejectedException.Reason.SUBJECT_REVOKED);
    }

    @Test
    void tokenDiesWhenItsConnectionIsDeactivated() {
        JsonNode connection = connection(api);
        JsonNode credential = credentialUnder(api, connection.get("id").asText());
        String token = mint(credential);
        api.patch("/v2/credential_connections/" + connection.get("id").asText(), "{\"active\":false}");
        assertRejected(token, TokenRejectedException.Reason.SUBJECT_REVOKED);
        assertThat(api.post("/v2/telephony_credentials/" + credential.get("id").asText() + "/token", null).status()).isEqualTo(422);
    }

    private static String mint(JsonNode credential) {
        ApiClient.Response response = api.post("/v2/telephony_credentials/" + credential.get("id").asText() + "/token", null);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.body();
    }

    private static void assertRejected(String token, TokenRejectedException.Reason reason) {
        assertThatThrownBy(() -> directory.checkToken(token).join()).isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
