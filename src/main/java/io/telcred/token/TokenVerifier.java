package io.telcred.token;

import static io.telcred.token.TokenRejectedException.Reason.ALGORITHM;
import static io.telcred.token.TokenRejectedException.Reason.CLAIMS;
import static io.telcred.token.TokenRejectedException.Reason.EXPIRED;
import static io.telcred.token.TokenRejectedException.Reason.MALFORMED;
import static io.telcred.token.TokenRejectedException.Reason.NOT_YET_VALID;
import static io.telcred.token.TokenRejectedException.Reason.SIGNATURE;
import static io.telcred.token.TokenRejectedException.Reason.SUBJECT_REVOKED;
import static io.telcred.token.TokenRejectedException.Reason.UNKNOWN_KEY;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.telcred.token.TokenRejectedException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a login token and says whose credential it logs in. Only ES256 with a key from
 * {@link SigningKeys} is accepted: the algorithm and key are never taken on the token's word
 * (no {@code none}, no HMAC keyed with public bytes, no key embedded or linked in the header).
 * A token of a credential that was deleted, deactivated or has expired fails whatever its exp.
 */
public final class TokenVerifier {

    /** Longer inputs are refused before any parsing; real tokens are about 450 characters. */
    public static final int MAX_TOKEN_LENGTH = 8 * 1024;

    private static final String ALG = "ES256";
    /** Everything else (jwk, jku, x5u, x5c, crit, b64, ...) is refused rather than ignored. */
    private static final Set<String> ALLOWED_HEADER_MEMBERS = Set.of("alg", "typ", "kid");

    private final SigningKeys keys;
    private final TokenSettings settings;
    private final TokenSubjects subjects;
    private final Clock clock;
    private final VerifiedSignatures<Claims> verified;

    public TokenVerifier(SigningKeys keys, TokenSettings settings, TokenSubjects subjects, Clock clock) {
        this.keys = keys;
        this.settings = settings;
        this.subjects = subjects;
        this.clock = clock;
        this.verified = new VerifiedSignatures<>(settings.verifiedCacheSize(), clock,
                claims -> claims.expiresAt() + settings.leeway().getSeconds());
    }

    public VerifiedToken verify(String compactJwt) {
        String[] parts = split(compactJwt);
        Map<String, Object> header = jsonObject(parts[0], "header");
        if (!ALG.equals(text(header, "alg"))) {
            throw reject(ALGORITHM, "The token must be signed with ES256.");
        }
        if (!ALLOWED_HEADER_MEMBERS.containsAll(header.keySet())) {
            throw reject(MALFORMED, "The token header carries parameters that are not accepted.");
        }
        if (header.containsKey("typ") && !"JWT".equalsIgnoreCase(text(header, "typ"))) {
            throw reject(MALFORMED, "The token header has the wrong type.");
        }
        String kid = text(header, "kid");
        if (kid == null || kid.isEmpty()) {
            throw reject(UNKNOWN_KEY, "The token does not name its signing key.");
        }
        SigningKey key = keys.find(kid)
                .orElseThrow(() -> reject(UNKNOWN_KEY, "The token's signing key is unknown or no longer kept."));
        Claims checked = verified.claims(compactJwt, () -> {
            checkSignature(key, parts);
            return checkClaims(jsonObject(parts[1], "payload"));
        });
        Instant now = clock.instant();
        long leeway = settings.leeway().getSeconds();
        long nowSeconds = now.getEpochSecond();
        // Whole seconds suffice: for an integer exp, now < exp exactly when floor(now) < exp.
        if (nowSeconds - leeway >= checked.expiresAt()) {
            throw reject(EXPIRED, "The token has expired.");
        }
        if (checked.notBefore() > nowSeconds + leeway || checked.issuedAt() > nowSeconds + leeway) {
            throw reject(NOT_YET_VALID, "The token is not valid yet.");
        }

        TokenSubject subject = subjects.find(checked.subject())
                .orElseThrow(() -> reject(SUBJECT_REVOKED, "The token's credential no longer exists."));
        String refusal = subject.whyNoToken(now);
        if (refusal != null) {
            throw reject(SUBJECT_REVOKED, refusal + "; its tokens log no one in.");
        }
        if (checked.generation() != subject.tokenGeneration()) {
            throw reject(SUBJECT_REVOKED, "The token was issued before its credential was last deactivated.");
        }
        return new VerifiedToken(subject.credentialId(), subject.accountId(), subject.sipUsername(),
                checked.jti(), Instant.ofEpochSecond(checked.expiresAt()));
    }

    private static String[] split(String token) {
        if (token == null || token.isEmpty()) {
            throw reject(MALFORMED, "No token was given.");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw reject(MALFORMED, "The token is too long.");
        }
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!isBase64Url(c)) {
                throw reject(MALFORMED, "The token is not a compact JWS.");
            }
        }
        // An empty signature is left to the checks below, so that alg "none" is reported as such.
        String[] parts = token.split("\\.", -1);
        if (dots != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw reject(MALFORMED, "The token is not a compact JWS.");
        }
        return parts;
    }

    private static boolean isBase64Url(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    /** A JSON object in strict UTF-8, with no member given twice, or a rejection that does not echo the input. */
    private static Map<String, Object> jsonObject(String part, String what) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Base64.getUrlDecoder().decode(part))).toString();
            // The parser reads an array of pairs as an object too: only an object is one.
            if (text.strip().startsWith("{")) {
                return JSONObjectUtils.parse(text);
            }
        } catch (IllegalArgumentException | CharacterCodingException | ParseException e) {
            // reported below, without echoing the input
        }
        throw reject(MALFORMED, "The token " + what + " is not a JSON object.");
    }

    private static void checkSignature(SigningKey key, String[] parts) {
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw reject(SIGNATURE, "The token signature is not valid.");
        }
        // Only the canonical encoding of a 64-byte signature: no second spelling of the same token.
        if (signature.length != Es256Verifier.SIGNATURE_BYTES
                || !Base64.getUrlEncoder().withoutPadding().encodeToString(signature).equals(parts[2])) {
            throw reject(SIGNATURE, "The token signature is not valid.");
        }
        // The header was checked above (ES256, our kid, nothing else): only the signature is left.
        byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        if (!key.verifier().verifies(signingInput, signature)) {
            throw reject(SIGNATURE, "The token signature is not valid.");
        }
    }

    private Claims checkClaims(Map<String, Object> claims) {
        if (!settings.issuer().equals(text(claims, "iss"))) {
            throw reject(CLAIMS, "The token was not issued by this server.");
        }
        if (!audienceMatches(claims.get("aud"))) {
            throw reject(CLAIMS, "The token is meant for another audience.");
        }
        if (!TokenIssuer.TOKEN_TYPE.equals(text(claims, "typ"))) {
            throw reject(CLAIMS, "The token is not an access token.");
        }
        String subject = text(claims, "sub");
        String jti = text(claims, "jti");
        if (subject == null || subject.isEmpty() || jti == null || jti.isEmpty()) {
            throw reject(CLAIMS, "The token lacks its subject or id.");
        }
        return new Claims(subject, jti, seconds(claims, "iat"), seconds(claims, "nbf"), seconds(claims, "exp"),
                seconds(claims, TokenIssuer.GENERATION_CLAIM));
    }

    private boolean audienceMatches(Object audience) {
        if (audience instanceof String one) {
            return settings.audience().equals(one);
        }
        return audience instanceof List<?> several && several.contains(settings.audience());
    }

    /** A NumericDate claim in whole seconds (a JSON integer, never 1.0 or 1e3), within what an Instant holds. */
    private static long seconds(Map<String, Object> claims, String name) {
        if (!(claims.get(name) instanceof Long value) || Math.abs(value) > Instant.MAX.getEpochSecond()) {
            throw reject(CLAIMS, "The token's " + name + " claim is missing or not a whole number.");
        }
        return value;
    }

    private static String text(Map<String, Object> object, String name) {
        return object.get(name) instanceof String value ? value : null;
    }

    private static TokenRejectedException reject(Reason reason, String message) {
        return new TokenRejectedException(reason, message);
    }

    record Claims(String subject, String jti, long issuedAt, long notBefore, long expiresAt, long generation) {
    }
}
