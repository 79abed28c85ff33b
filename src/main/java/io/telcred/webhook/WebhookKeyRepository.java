package io.telcred.webhook;

import java.util.Optional;

/** Where the one webhook signing key of the installation lives, shared by every node. */
public interface WebhookKeyRepository {

    Optional<StoredWebhookKey> find();

    /** Stores the key unless one is there already (another node was first); returns the one kept. */
    StoredWebhookKey insertIfAbsent(StoredWebhookKey key);
}
