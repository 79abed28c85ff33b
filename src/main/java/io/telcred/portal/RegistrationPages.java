package io.telcred.portal;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseHandler;
import io.telcred.connection.CredentialConnection;
import io.telcred.portal.RegistrationTable.Snapshot;
import io.telcred.user.UserService;
import java.util.List;

/**
 * Who of the account is registered or logged in now: a table rendered on the server, kept up to date
 * by {@code registrations.js} from an event stream of the same rows, optionally of one connection.
 */
final class RegistrationPages {

    private static final String FILTER = "connection";

    private final RegistrationTable table;
    private final RegistrationStreams streams;
    private final UserService users;
    private final Pages pages;
    private final Guard guard;

    RegistrationPages(PortalServices services, PortalSettings settings, Pages pages, Guard guard) {
        this.table = new RegistrationTable(services.location(), services.connections(), services.credentials());
        this.streams = new RegistrationStreams(table, settings.streamsPerUser());
        this.users = services.users();
        this.pages = pages;
        this.guard = guard;
    }

    void install(JavalinConfig config) {
        config.routes.get("/registrations", guard.page(this::show));
        config.routes.get("/registrations/events", guard.stream(this::stream));
        config.events.serverStopping(streams::close);
    }

    private void show(Context ctx, Visitor visitor) {
        String accountId = visitor.accountId();
        Long connectionId = table.connectionFilter(accountId, ctx.queryParam(FILTER));
        Snapshot snapshot = table.snapshot(accountId, table.bindings(accountId, connectionId));
        pages.render(ctx, "registrations.jte", Guard.frame(ctx, visitor, "Registrations", "registrations"),
                new RegistrationsPage(snapshot, table.connections(accountId),
                        connectionId == null ? "" : Long.toString(connectionId)));
    }

    private void stream(Context ctx, Visitor visitor) {
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            ctx.status(406).contentType("text/plain; charset=utf-8").result("This is an event stream (text/event-stream).");
            return;
        }
        String accountId = visitor.accountId();
        Long connectionId = table.connectionFilter(accountId, ctx.queryParam(FILTER));
        String userId = visitor.user().id();
        if (!streams.reserve(userId)) {
            ctx.status(429).header("Retry-After", "15").contentType("text/plain; charset=utf-8")
                    .result("You have " + streams.streamsPerUser()
                            + " live registration tables open already; close one and try again.");
            return;
        }
        String session = SessionCookie.token(ctx);
        try {
            new SseHandler(client -> streams.start(client, userId, accountId, connectionId,
                    () -> users.userOfSession(session).isPresent())).handle(ctx);
        } catch (RuntimeException e) {
            streams.release(userId);
            throw e;
        }
    }

    /** @param connectionId the connection the table is narrowed to, or "" for all */
    record RegistrationsPage(Snapshot snapshot, List<CredentialConnection> connections, String connectionId) {

        boolean selected(CredentialConnection connection) {
            return connection.idText().equals(connectionId);
        }
    }
}
