package io.telcred.event;

/** Something that changed who may log in. */
public sealed interface DomainEvent {

    /**
     * A login name (a connection's user name or a credential's SIP user name) was created, edited,
     * deactivated or deleted. {@code revoked} is true when its holder may no longer log in, so that
     * live registrations and sessions of it end.
     *
     * @param credentialId the on-demand credential's id, or null for a connection's own login
     */
    record LoginChanged(String loginName, String credentialId, boolean revoked) implements DomainEvent {

        public static LoginChanged ofConnection(String userName, boolean revoked) {
            return new LoginChanged(userName, null, revoked);
        }
    }

    /**
     * A connection was edited or deleted. {@code revoked} is true when it became inactive or was
     * deleted: every login under it ends.
     */
    record ConnectionChanged(long connectionId, boolean revoked) implements DomainEvent {
    }
}
