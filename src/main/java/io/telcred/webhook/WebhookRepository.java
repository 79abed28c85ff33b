package io.telcred.webhook;

import io.telcred.common.Page;
import io.telcred.common.PageRequest;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** The outbox and the delivery log, shared by every node. */
public interface WebhookRepository {

    /** Stores a new webhook. A caller with a change of its own stores both in one transaction. */
    void insert(OutboxEntry entry);

    /** Pending webhooks due at {@code now}, oldest first, leaving out the accounts named (they are busy). */
    List<OutboxEntry> due(Instant now, Collection<String> busyAccounts, int limit);

    /**
     * Takes a due webhook for one attempt, until {@code leaseUntil}: true for the one node whose
     * update found it still due at {@code seenNextAttemptAt}.
     */
    boolean claim(String id, Instant seenNextAttemptAt, Instant leaseUntil);

    /**
     * Records an attempt and where the webhook goes from there, in one transaction: pending again
     * at {@code nextAttemptAt}, or delivered or failed at the attempt's end.
     */
    void recordAttempt(String id, DeliveryAttempt attempt, DeliveryStatus status, Instant nextAttemptAt);

    Page<DeliveryRecord> list(String accountId, DeliveryQuery query, PageRequest page);

    /** Deletes delivered and failed webhooks finished before {@code before}; returns how many. */
    int purgeFinishedBefore(Instant before);
}
