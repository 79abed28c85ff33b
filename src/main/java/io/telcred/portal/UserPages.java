package io.telcred.portal;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.telcred.common.DomainException;
import io.telcred.user.Invite;
import io.telcred.user.IssuedInvite;
import io.telcred.user.PortalUser;
import io.telcred.user.Role;
import io.telcred.user.UserService;
import java.util.List;
import java.util.Locale;

/**
 * The account's portal users. Everyone sees who they are; an owner invites further users (a link
 * to pass on, as telcred sends no e-mail), withdraws an invitation, and removes a user.
 */
final class UserPages {

    private final UserService users;
    private final Pages pages;
    private final Guard guard;

    UserPages(UserService users, Pages pages, Guard guard) {
        this.users = users;
        this.pages = pages;
        this.guard = guard;
    }

    void install(JavalinConfig config) {
        config.routes.get("/users", guard.page((ctx, visitor) -> show(ctx, visitor, null, null, "")));
        config.routes.post("/users/invite", guard.action(this::invite));
        config.routes.post("/users/invites/{hash}/withdraw", guard.action((ctx, visitor) -> {
            users.withdrawInvite(visitor.user(), ctx.pathParam("hash"));
            SessionCookie.notice(ctx, "Invitation withdrawn.");
            ctx.redirect("/users");
        }));
        config.routes.post("/users/{id}/remove", guard.action((ctx, visitor) -> {
            users.remove(visitor.user(), ctx.pathParam("id"));
            SessionCookie.notice(ctx, "User removed.");
            ctx.redirect("/users");
        }));
    }

    private void invite(Context ctx, Visitor visitor) {
        String email = ctx.formParam("email");
        Role role = "owner".equals(ctx.formParam("role")) ? Role.OWNER : Role.MEMBER;
        try {
            IssuedInvite issued = users.invite(visitor.user(), email, role);
            ctx.status(201);
            show(ctx, visitor, link(ctx, issued.token()), null, "");
        } catch (DomainException e) {
            if (e.field() == null) {
                throw e;
            }
            ctx.status(422);
            show(ctx, visitor, null, e.detail(), email == null ? "" : email);
        }
    }

    private void show(Context ctx, Visitor visitor, String inviteLink, String error, String email) {
        List<Invite> invites = visitor.user().owner() ? users.invites(visitor.user()) : List.of();
        pages.render(ctx, "users.jte", Guard.frame(ctx, visitor, "Users", "users"),
                new UsersPage(users.users(visitor.accountId()), invites, inviteLink, error, email));
    }

    /** The invitation's address on this server, as the owner's browser reached it. */
    private static String link(Context ctx, String token) {
        String host = ctx.host() == null ? "localhost" : ctx.host();
        return ctx.scheme().toLowerCase(Locale.ROOT) + "://" + host + "/invite/" + token;
    }

    record UsersPage(List<PortalUser> users, List<Invite> invites, String inviteLink, String error, String email) {
    }
}
