package io.telcred.location;

import io.telcred.directory.Directory;
import io.telcred.event.DomainEvent;
import io.telcred.event.DomainEvent.ChangesMissed;
import io.telcred.event.DomainEvent.ConnectionChanged;
import io.telcred.event.DomainEvent.LoginChanged;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the registrations of a revoked login, or of every login under a revoked connection, at once;
 * after changes this node may have missed, the registrations of every login the store no longer
 * lets in.
 */
public final class RevocationListener implements Consumer<DomainEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(RevocationListener.class);

    private final Location location;
    private final Directory directory;

    public RevocationListener(Location location, Directory directory) {
        this.location = location;
        this.directory = directory;
    }

    @Override
    public void accept(DomainEvent event) {
        if (event instanceof LoginChanged changed && changed.revoked()) {
            location.removeAll(changed.loginName());
        } else if (event instanceof ConnectionChanged changed && changed.revoked()) {
            location.removeConnection(changed.connectionId());
        } else if (event instanceof ChangesMissed) {
            location.loginNames().forEach(this::recheck);
        }
    }

    /** Asynchronous: the directory loads what it does not hold on its own threads. A store that cannot answer ends nothing. */
    private void recheck(String loginName) {
        directory.mayLogIn(loginName).whenComplete((may, failure) -> {
            if (failure != null) {
                LOG.debug("could not check {} again: {}", loginName, failure.toString());
            } else if (!may) {
                location.removeAll(loginName);
            }
        });
    }
}
