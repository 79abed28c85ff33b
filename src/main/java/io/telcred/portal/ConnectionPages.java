package io.telcred.portal;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.telcred.common.DomainException;
import io.telcred.common.Page;
import io.telcred.common.PageRequest;
import io.telcred.connection.ConnectionChange;
import io.telcred.connection.ConnectionQuery;
import io.telcred.connection.ConnectionService;
import io.telcred.connection.CredentialConnection;
import io.telcred.connection.LoginProposal;
import io.telcred.connection.NewConnection;
import io.telcred.connection.PasswordStrength;
import io.telcred.credential.CredentialQuery;
import io.telcred.json.Json;
import io.telcred.location.RegistrationQuery;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The account's SIP connections: the list with each one's login behind an eye icon, adding one in
 * two steps (a name, then a login made up for it that the user may change; nothing is stored until
 * they save), turning one off and on, and deleting one after saying what goes with it.
 */
final class ConnectionPages {

    static final int PAGE_SIZE = 20;
    /** The only kind of connection telcred has: devices sign in with the connection's own login. */
    static final String CREDENTIALS_TYPE = "credentials";

    private final PortalServices services;
    private final ConnectionService connections;
    private final Pages pages;
    private final Guard guard;

    ConnectionPages(PortalServices services, Pages pages, Guard guard) {
        this.services = services;
        this.connections = services.connections();
        this.pages = pages;
        this.guard = guard;
    }

    void install(JavalinConfig config) {
        config.routes.get("/connections", guard.page(this::list));
        config.routes.get("/connections/new", guard.page((ctx, visitor) -> showName(ctx, visitor, "", null)));
        config.routes.post("/connections/new", guard.action(this::proposeLogin));
        config.routes.post("/connections", guard.action(this::create));
        config.routes.post("/connections/{id}/reveal", guard.action(this::reveal));
        config.routes.post("/connections/{id}/active", guard.action(this::setActive));
        config.routes.get("/connections/{id}/delete", guard.page(this::confirmDelete));
        config.routes.post("/connections/{id}/delete", guard.action(this::delete));
        // After /connections/new, so that "new" is never taken for an id.
        new ConnectionEditPages(connections, pages, guard).install(config);
    }

    private void list(Context ctx, Visitor visitor) {
        String search = Optional.ofNullable(ctx.queryParam("q")).map(String::strip).orElse("");
        PageRequest request = new PageRequest(pageNumber(ctx.queryParam("page")), PAGE_SIZE);
        Page<CredentialConnection> found = connections.list(visitor.accountId(),
                new ConnectionQuery(search.isEmpty() ? null : search, null, null, ConnectionQuery.Sort.CREATED_AT_DESC), request);
        pages.render(ctx, "connections.jte", Guard.frame(ctx, visitor, "Connections", "connections"),
                new ConnectionsPage(found, search));
    }

    /** Step 2: the login proposed for the named connection, or the one the user asked to edit. Stores nothing. */
    private void proposeLogin(Context ctx, Visitor visitor) {
        String name = Optional.ofNullable(ctx.formParam("connection_name")).orElse("").strip();
        if (!CREDENTIALS_TYPE.equals(ctx.formParam("connection_type"))) {
            ctx.status(422);
            showName(ctx, visitor, name, "Credentials is the only connection type: devices sign in with the connection's "
                    + "user name and password.");
            return;
        }
        if (ctx.formParam("edit") != null) {
            showLogin(ctx, visitor, new LoginForm(name, form(ctx, "user_name"), form(ctx, "password"), true, null, null, null));
            return;
        }
        LoginProposal proposal;
        try {
            proposal = connections.proposeLogin(name);
        } catch (DomainException e) {
            ctx.status(422);
            showName(ctx, visitor, name, name.isEmpty() ? "Enter a name for the connection." : e.detail());
            return;
        }
        showLogin(ctx, visitor, new LoginForm(name, proposal.userName(), proposal.password(), false, null, null, null));
    }

    /** Save & Finish Editing: the first moment anything is stored. */
    private void create(Context ctx, Visitor visitor) {
        String name = form(ctx, "connection_name").strip();
        String userName = form(ctx, "user_name").strip();
        String password = form(ctx, "password");
        try {
            PasswordStrength.requireStrong(password, userName);
            connections.create(visitor.accountId(), new NewConnection(name, userName, password, true, null));
        } catch (DomainException e) {
            ctx.status(422);
            String field = e.field() == null ? "" : e.field();
            showLogin(ctx, visitor, new LoginForm(name, userName, password, true,
                    field.equals("user_name") ? e.detail() : null, field.equals("password") ? e.detail() : null,
                    field.equals("user_name") || field.equals("password") ? null : e.detail()));
            return;
        }
        SessionCookie.notice(ctx, "Connection " + name + " created. Devices can register with its user name and password.");
        ctx.redirect("/connections");
    }

    private void reveal(Context ctx, Visitor visitor) {
        CredentialConnection connection = connections.get(visitor.accountId(), ctx.pathParam("id"));
        ctx.contentType("application/json").result(Json.write(Json.MAPPER.createObjectNode()
                .put("user_name", connection.userName()).put("password", connections.password(connection))));
    }

    private void setActive(Context ctx, Visitor visitor) {
        boolean active = Boolean.parseBoolean(ctx.formParam("active"));
        CredentialConnection connection = connections.update(visitor.accountId(), ctx.pathParam("id"),
                new ConnectionChange(null, null, null, active, null));
        SessionCookie.notice(ctx, active ? "Connection activated. Its devices can register again."
                : "Connection deactivated. Its devices are unregistered and cannot sign in until it is activated again.");
        ctx.redirect("/connections/" + connection.idText());
    }

    private void confirmDelete(Context ctx, Visitor visitor) {
        CredentialConnection connection = connections.get(visitor.accountId(), ctx.pathParam("id"));
        PageRequest one = new PageRequest(1, 1);
        long credentials = services.credentials().list(visitor.accountId(),
                new CredentialQuery(null, null, null, connection.id(), null), one).totalResults();
        long registrations = services.location().list(visitor.accountId(),
                new RegistrationQuery(connection.id(), null, null), one).totalResults();
        pages.render(ctx, "connection-delete.jte", Guard.frame(ctx, visitor, "Delete connection", "connections"),
                new DeletePage(connection, credentials, registrations));
    }

    private void delete(Context ctx, Visitor visitor) {
        CredentialConnection deleted = connections.delete(visitor.accountId(), ctx.pathParam("id"));
        SessionCookie.notice(ctx, "Connection " + deleted.connectionName() + " deleted along with its credentials and registrations.");
        ctx.redirect("/connections");
    }

    private void showName(Context ctx, Visitor visitor, String name, String error) {
        pages.render(ctx, "connection-new.jte", Guard.frame(ctx, visitor, "Add SIP Connection", "connections"),
                new NameForm(name, error));
    }

    private void showLogin(Context ctx, Visitor visitor, LoginForm form) {
        pages.render(ctx, "connection-login.jte", Guard.frame(ctx, visitor, "Add SIP Connection", "connections"), form);
    }

    private static String form(Context ctx, String field) {
        return Optional.ofNullable(ctx.formParam(field)).orElse("");
    }

    private static int pageNumber(String text) {
        try {
            return text == null ? 1 : Math.max(1, Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** A page of the list, and the search that chose it. */
    record ConnectionsPage(Page<CredentialConnection> connections, String search) {

        int number() {
            return connections.request().number();
        }

        /** The link to the page before, or null on the first. */
        String previous() {
            return number() > 1 ? link(number() - 1) : null;
        }

        /** The link to the page after, or null on the last. */
        String next() {
            return number() < connections.totalPages() ? link(number() + 1) : null;
        }

        String first() {
            return link(1);
        }

        private String link(int page) {
            return "/connections?page=" + page + (search.isEmpty() ? "" : "&q=" + URLEncoder.encode(search, StandardCharsets.UTF_8));
        }
    }

    /** Step 1: the connection's name and type. */
    record NameForm(String name, String error) {
    }

    /**
     * Step 2: the login the connection will have.
     *
     * @param editable false while the proposal is shown as made; true once the user asked to change it
     * @param error    a refusal about neither field of the login
     */
    record LoginForm(String name, String userName, String password, boolean editable, String userNameError,
                     String passwordError, String error) {

        /** Leaves out the password: this may end up in a log line. */
        @Override
        public String toString() {
            return "LoginForm[name=" + name + ", userName=" + userName + "]";
        }
    }

    /** What goes when the connection is deleted. */
    record DeletePage(CredentialConnection connection, long credentials, long registrations) {

        String credentialsText() {
            return credentials + (credentials == 1 ? " on-demand credential" : " on-demand credentials");
        }

        String registrationsText() {
            return registrations + (registrations == 1 ? " live registration" : " live registrations");
        }
    }
}
