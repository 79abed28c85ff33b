package io.telcred.secret;

import java.time.Instant;
import java.util.Optional;

/** Where the installation's named random secrets live, sealed, shared by every node. */
public interface InstallationSecretRepository {

    /** The sealed secret of that name. */
    Optional<String> find(String name);

    /** Stores the sealed secret unless one of that name is there already (another node was first); returns the one kept. */
    String insertIfAbsent(String name, String sealed, Instant createdAt);
}
