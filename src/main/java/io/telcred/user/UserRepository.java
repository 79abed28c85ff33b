package io.telcred.user;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Portal users, their invitations and their sessions. */
public interface UserRepository {

    /** Adds a user; a {@link io.telcred.common.UniqueViolationException} when the e-mail is taken. */
    void insert(PortalUser user);

    Optional<PortalUser> find(String id);

    Optional<PortalUser> findByEmail(String email);

    List<PortalUser> forAccount(String accountId);

    long count();

    void updatePasswordHash(String userId, String passwordHash);

    /** Deletes the user of that account, and with it their sessions; false when there is none. */
    boolean delete(String accountId, String userId);

    void insertInvite(Invite invite);

    Optional<Invite> findInvite(String tokenHash);

    List<Invite> invites(String accountId, Instant now);

    boolean deleteInvite(String accountId, String tokenHash);

    void insertSession(PortalSession session);

    Optional<PortalSession> findSession(String tokenHash);

    void deleteSession(String tokenHash);

    /** Forgets sessions and invitations past their time. */
    void purgeExpired(Instant now);
}
