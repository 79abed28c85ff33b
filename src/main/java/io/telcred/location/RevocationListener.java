package io.telcred.location;

import io.telcred.event.DomainEvent;
import io.telcred.event.DomainEvent.ConnectionChanged;
import io.telcred.event.DomainEvent.LoginChanged;
import java.util.function.Consumer;

/** Ends the registrations of a revoked login, or of every login under a revoked connection, at once. */
public final class RevocationListener implements Consumer<DomainEvent> {

    private final Location location;

    public RevocationListener(Location location) {
        this.location = location;
    }

    @Override
    public void accept(DomainEvent event) {
        if (event instanceof LoginChanged changed && changed.revoked()) {
            location.removeAll(changed.loginName());
        } else if (event instanceof ConnectionChanged changed && changed.revoked()) {
            location.removeConnection(changed.connectionId());
        }
    }
}
