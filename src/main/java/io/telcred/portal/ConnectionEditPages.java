package io.telcred.portal;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.telcred.common.DomainException;
import io.telcred.common.Problem;
import io.telcred.connection.ConnectionChange;
import io.telcred.connection.ConnectionService;
import io.telcred.connection.CredentialConnection;
import io.telcred.connection.PasswordStrength;
import io.telcred.portal.SettingsForm.Group;
import io.telcred.portal.SettingsForm.GroupView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A connection's edit page: its login and every setting the API has, in groups that are each their
 * own form and are saved one at a time. A refused value is shown beside its field, with what the
 * user sent, and nothing of that group is saved.
 */
final class ConnectionEditPages {

    /** The group of the login's form, beside those of {@link Group}. */
    static final String AUTHENTICATION = "authentication";

    private final ConnectionService connections;
    private final Pages pages;
    private final Guard guard;

    ConnectionEditPages(ConnectionService connections, Pages pages, Guard guard) {
        this.connections = connections;
        this.pages = pages;
        this.guard = guard;
    }

    void install(JavalinConfig config) {
        config.routes.get("/connections/{id}", guard.page((ctx, visitor) -> {
            CredentialConnection connection = connections.get(visitor.accountId(), ctx.pathParam("id"));
            show(ctx, visitor, connection, Optional.ofNullable(ctx.queryParam("open")).orElse(""), null, null);
        }));
        config.routes.post("/connections/{id}/settings/{group}", guard.action(this::save));
    }

    private void save(Context ctx, Visitor visitor) {
        String id = ctx.pathParam("id");
        String key = ctx.pathParam("group");
        Optional<Group> group = Group.byKey(key);
        if (group.isEmpty() && !key.equals(AUTHENTICATION)) {
            throw DomainException.notFound("This connection has no group of settings called '" + key + "'.");
        }
        Map<String, String> submitted = new HashMap<>();
        ctx.formParamMap().forEach((name, values) -> submitted.put(name, values.isEmpty() ? null : values.get(0)));
        CredentialConnection current = connections.get(visitor.accountId(), id);
        try {
            connections.update(visitor.accountId(), id, group.map(g -> settingsChange(g, submitted))
                    .orElseGet(() -> loginChange(current, submitted)));
        } catch (DomainException e) {
            if (e.problem() == Problem.NOT_FOUND) {
                throw e;
            }
            ctx.status(422);
            GroupView refused = group.map(g -> SettingsForm.refused(g, current, submitted, e)).orElse(null);
            LoginView login = group.isPresent() ? null : LoginView.refused(submitted, e);
            show(ctx, visitor, current, key, refused, login);
            return;
        }
        SessionCookie.notice(ctx, group.map(g -> g.title() + " settings saved.").orElseGet(() -> loginChanged(current, submitted)
                ? "Login saved. Devices registered with the old login were unregistered and need the new one."
                : "Login saved."));
        ctx.redirect("/connections/" + current.idText() + "?open=" + key + "#" + key);
    }

    private static ConnectionChange settingsChange(Group group, Map<String, String> submitted) {
        String name = group == Group.GENERAL ? submitted.get(SettingsForm.CONNECTION_NAME) : null;
        return new ConnectionChange(name == null ? null : name.strip(), null, null, null, SettingsForm.change(group, submitted));
    }

    /** A new user name, a new password, or both; an empty password keeps the current one. */
    private static ConnectionChange loginChange(CredentialConnection current, Map<String, String> submitted) {
        String userName = Optional.ofNullable(submitted.get("user_name")).orElse("").strip();
        String password = Optional.ofNullable(submitted.get("password")).orElse("");
        if (!password.isEmpty()) {
            PasswordStrength.requireStrong(password, userName.isEmpty() ? current.userName() : userName);
        }
        return new ConnectionChange(null, userName.isEmpty() ? null : userName, password.isEmpty() ? null : password, null, null);
    }

    private static boolean loginChanged(CredentialConnection before, Map<String, String> submitted) {
        String userName = Optional.ofNullable(submitted.get("user_name")).orElse("").strip();
        return !Optional.ofNullable(submitted.get("password")).orElse("").isEmpty()
                || !userName.isEmpty() && !userName.equals(before.userName());
    }

    /**
     * @param open    the group to show unfolded: the one just saved or refused
     * @param refused a group's form as sent and refused, shown instead of its stored values; or null
     * @param login   the login's form as sent and refused; or null
     */
    private void show(Context ctx, Visitor visitor, CredentialConnection connection, String open, GroupView refused,
                      LoginView login) {
        List<GroupView> groups = new ArrayList<>();
        for (Group group : Group.values()) {
            boolean unfold = group == Group.GENERAL || group.key().equals(open);
            groups.add(refused != null && refused.key().equals(group.key()) ? refused
                    : SettingsForm.view(group, connection.connectionName(), connection.settings(), unfold));
        }
        pages.render(ctx, "connection.jte", Guard.frame(ctx, visitor, connection.connectionName(), "connections"),
                new EditPage(connection, login == null ? LoginView.of(connection) : login, groups));
    }

    record EditPage(CredentialConnection connection, LoginView login, List<GroupView> groups) {
    }

    /** The login's form: the user name shown, the password field empty unless a refused one is shown again. */
    record LoginView(String userName, String password, String userNameError, String passwordError, String error) {

        static LoginView of(CredentialConnection connection) {
            return new LoginView(connection.userName(), "", null, null, null);
        }

        static LoginView refused(Map<String, String> submitted, DomainException refusal) {
            String field = refusal.field() == null ? "" : refusal.field();
            return new LoginView(Optional.ofNullable(submitted.get("user_name")).orElse(""),
                    Optional.ofNullable(submitted.get("password")).orElse(""),
                    field.equals("user_name") ? refusal.detail() : null, field.equals("password") ? refusal.detail() : null,
                    field.equals("user_name") || field.equals("password") ? null : refusal.detail());
        }

        /** Leaves out the password: this may end up in a log line. */
        @Override
        public String toString() {
            return "LoginView[userName=" + userName + "]";
        }
    }
}
