package io.telcred.portal;

import com.nimbusds.jwt.SignedJWT;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.telcred.common.DomainException;
import io.telcred.common.Page;
import io.telcred.connection.CredentialConnection;
import io.telcred.connection.ConnectionService;
import io.telcred.credential.CredentialService;
import io.telcred.credential.CredentialStatus;
import io.telcred.credential.CredentialTokens;
import io.telcred.credential.NewCredential;
import io.telcred.credential.TelephonyCredential;
import java.text.ParseException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;

/**
 * The on-demand credentials of one connection: create one, search and page through them, activate,
 * deactivate or delete one, and make a login token for it. Every route first finds the connection
 * and the credential in the visitor's account, so another account's ids are simply not found.
 */
final class CredentialPages {

    private static final String BASE = "/connections/{connectionId}/credentials";
    private static final String ONE = BASE + "/{id}";
    /** The create form's fields, by the names the domain gives its errors. */
    private static final Set<String> FORM_FIELDS = Set.of("name", "tag", "expires_at");

    private final ConnectionService connections;
    private final CredentialService credentials;
    private final CredentialTokens tokens;
    private final Pages pages;
    private final Guard guard;

    CredentialPages(ConnectionService connections, CredentialService credentials, CredentialTokens tokens, Pages pages,
                    Guard guard) {
        this.connections = connections;
        this.credentials = credentials;
        this.tokens = tokens;
        this.pages = pages;
        this.guard = guard;
    }

    void install(JavalinConfig config) {
        config.routes.get(BASE, guard.page((ctx, visitor) ->
                show(ctx, visitor, connection(ctx, visitor), CredentialSearch.from(ctx::queryParam), CredentialForm.EMPTY)));
        config.routes.post(BASE, guard.action(this::create));
        config.routes.post(ONE + "/active", guard.action(this::setActive));
        config.routes.post(ONE + "/delete", guard.action(this::delete));
        config.routes.post(ONE + "/token", guard.action(this::token));
    }

    private void create(Context ctx, Visitor visitor) {
        CredentialConnection connection = connection(ctx, visitor);
        CredentialForm form = new CredentialForm(field(ctx, "name"), field(ctx, "tag"), field(ctx, "expiry"), null, null);
        try {
            credentials.create(visitor.accountId(), new NewCredential(connection.idText(), form.name(), form.tag(),
                    expiry(form.expiry())));
        } catch (DomainException e) {
            ctx.status(422);
            String field = FORM_FIELDS.contains(e.field()) ? e.field() : null;
            show(ctx, visitor, connection, CredentialSearch.ALL, form.withError(field, e.detail()));
            return;
        }
        SessionCookie.notice(ctx, "Credential created. It can log in at once.");
        // The whole list, newest first: the new credential is at its top whatever the search was.
        ctx.redirect(listPath(connection, CredentialSearch.ALL));
    }

    private void setActive(Context ctx, Visitor visitor) {
        CredentialConnection connection = connection(ctx, visitor);
        TelephonyCredential credential = credential(ctx, visitor, connection);
        switch (String.valueOf(ctx.formParam("active"))) {
            case "true" -> {
                credentials.activate(visitor.accountId(), credential.id());
                SessionCookie.notice(ctx, "Credential activated.");
            }
            case "false" -> {
                credentials.deactivate(visitor.accountId(), credential.id());
                SessionCookie.notice(ctx, "Credential deactivated. Its tokens no longer log in.");
            }
            default -> throw DomainException.refused("Say whether the credential is to be active: true or false.");
        }
        ctx.redirect(backToList(ctx, connection));
    }

    private void delete(Context ctx, Visitor visitor) {
        CredentialConnection connection = connection(ctx, visitor);
        TelephonyCredential credential = credential(ctx, visitor, connection);
        credentials.delete(visitor.accountId(), credential.id());
        SessionCookie.notice(ctx, "Credential deleted. It can no longer log in.");
        ctx.redirect(backToList(ctx, connection));
    }

    private void token(Context ctx, Visitor visitor) {
        CredentialConnection connection = connection(ctx, visitor);
        TelephonyCredential credential = credential(ctx, visitor, connection);
        String token = tokens.mint(visitor.accountId(), credential.id());
        ctx.status(201);
        pages.render(ctx, "credential-token.jte", Guard.frame(ctx, visitor, "Login token", "connections"),
                new TokenPage(connection, credential, token, expiryOf(token), rtcAddress(ctx), backToList(ctx, connection)));
    }

    private void show(Context ctx, Visitor visitor, CredentialConnection connection, CredentialSearch search,
                      CredentialForm form) {
        Page<TelephonyCredential> found = credentials.list(visitor.accountId(), search.query(connection.id()), search.pageRequest());
        if (found.items().isEmpty() && found.totalPages() > 0 && search.page() > found.totalPages()) {
            // A page past the end (its last credential deleted, or an old link): show the last one there is.
            search = search.onPage((int) found.totalPages());
            found = credentials.list(visitor.accountId(), search.query(connection.id()), search.pageRequest());
        }
        Instant now = credentials.now();
        pages.render(ctx, "credentials.jte", Guard.frame(ctx, visitor, connection.connectionName() + " · credentials", "connections"),
                new CredentialsPage(connection, found.map(c -> new CredentialRow(c, c.status(now))), search, form));
    }

    /** The path's connection in the visitor's account; another account's is not found. */
    private CredentialConnection connection(Context ctx, Visitor visitor) {
        return connections.get(visitor.accountId(), ctx.pathParam("connectionId"));
    }

    /** The path's credential, when it is in the visitor's account and under the path's connection. */
    private TelephonyCredential credential(Context ctx, Visitor visitor, CredentialConnection connection) {
        TelephonyCredential credential = credentials.get(visitor.accountId(), ctx.pathParam("id"));
        if (credential.connectionId() != connection.id()) {
            throw DomainException.notFound("No telephony credential with id " + credential.id() + " under this connection.");
        }
        return credential;
    }

    /** The list as it was when the form was sent: the row forms carry the list's search back. */
    private static String backToList(Context ctx, CredentialConnection connection) {
        return listPath(connection, CredentialSearch.parse(ctx.formParam("search")));
    }

    private static String listPath(CredentialConnection connection, CredentialSearch search) {
        return listPath(connection) + search.queryString();
    }

    private static String listPath(CredentialConnection connection) {
        return "/connections/" + connection.id() + "/credentials";
    }

    /** The form's {@code datetime-local} value read as UTC; empty is never. */
    private static Instant expiry(String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw DomainException.invalid("expires_at", "Write the expiry as a date and a time in UTC, such as 2030-12-31T17:00.");
        }
    }

    /** When the token stops logging in: the lifetime the issuer gave it, read back from its own claim. */
    private static Instant expiryOf(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime().toInstant();
        } catch (ParseException e) {
            throw new IllegalStateException("the issuer minted a token that does not parse", e);
        }
    }

    /** The WebRTC gateway at the address this browser reached the portal on. */
    private static String rtcAddress(Context ctx) {
        String host = ctx.host() == null ? "localhost" : ctx.host();
        return ("https".equals(ctx.scheme().toLowerCase(Locale.ROOT)) ? "wss" : "ws") + "://" + host + "/rtc";
    }

    /** A form field as typed, or null when left empty. */
    private static String field(Context ctx, String name) {
        String value = ctx.formParam(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    record CredentialsPage(CredentialConnection connection, Page<CredentialRow> credentials, CredentialSearch search,
                           CredentialForm form) {

        String path() {
            return listPath(connection);
        }
    }

    record CredentialRow(TelephonyCredential credential, CredentialStatus status) {

        String badge() {
            return switch (status) {
                case ACTIVE -> "badge on";
                case INACTIVE -> "badge off";
                case EXPIRED -> "badge";
            };
        }
    }

    /**
     * The create form's values as typed, kept when the form comes back with an error.
     *
     * @param errorField the field the error is about ({@code name}, {@code tag}, {@code expires_at}), or null for the form
     */
    record CredentialForm(String name, String tag, String expiry, String errorField, String error) {

        static final CredentialForm EMPTY = new CredentialForm(null, null, null, null, null);

        CredentialForm withError(String field, String message) {
            return new CredentialForm(name, tag, expiry, field, message);
        }

        /** The error about {@code field}, or null. */
        String errorOf(String field) {
            return field.equals(errorField) ? error : null;
        }

        String formError() {
            return errorField == null ? error : null;
        }
    }

    /**
     * @param expiresAt when the token stops logging in
     * @param rtcAddress the gateway's WebSocket address, as the example shows it
     * @param back the list the token was made from
     */
    record TokenPage(CredentialConnection connection, TelephonyCredential credential, String token, Instant expiresAt,
                     String rtcAddress, String back) {
    }
}
