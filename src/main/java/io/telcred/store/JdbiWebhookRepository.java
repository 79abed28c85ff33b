package io.telcred.store;

import io.telcred.common.Page;
import io.telcred.common.PageRequest;
import io.telcred.webhook.DeliveryAttempt;
import io.telcred.webhook.DeliveryQuery;
import io.telcred.webhook.DeliveryRecord;
import io.telcred.webhook.DeliveryStatus;
import io.telcred.webhook.OutboxEntry;
import io.telcred.webhook.WebhookEvent;
import io.telcred.webhook.WebhookRepository;
import io.telcred.webhook.WebhookTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

public final class JdbiWebhookRepository implements WebhookRepository {

    private static final String COLUMNS = """
            id, account_id, connection_id, event_type, payload, url, failover_url, timeout_ms, occurred_at,
            created_at, next_attempt_at, attempts, state, finished_at""";

    private static final RowMapper<OutboxEntry> ENTRY = (rs, ctx) -> {
        long connectionId = rs.getLong("connection_id");
        Long connection = rs.wasNull() ? null : connectionId;
        WebhookEvent event = new WebhookEvent(rs.getString("id"), rs.getString("account_id"), connection,
                rs.getString("event_type"), rs.getString("payload"), Rows.instant(rs, "occurred_at"));
        WebhookTarget target = new WebhookTarget(rs.getString("url"), rs.getString("failover_url"),
                Duration.ofMillis(rs.getInt("timeout_ms")));
        return new OutboxEntry(event, target, DeliveryStatus.fromWire(rs.getString("state")), rs.getInt("attempts"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "next_attempt_at"), Rows.instant(rs, "finished_at"));
    };

    private static final RowMapper<DeliveryAttempt> ATTEMPT = (rs, ctx) -> {
        int httpStatus = rs.getInt("http_status");
        Integer status = rs.wasNull() ? null : httpStatus;
        return new DeliveryAttempt(rs.getInt("number"), rs.getString("url"), "delivered".equals(rs.getString("status")),
                status, rs.getString("error"), Rows.instant(rs, "started_at"), Rows.instant(rs, "finished_at"));
    };

    private final Sql sql;

    public JdbiWebhookRepository(Jdbi jdbi) {
        this.sql = Sql.of(jdbi);
    }

    @Override
    public void insert(OutboxEntry entry) {
        sql.useHandle(h -> insert(h, entry));
    }

    /** Stores the webhook on the caller's handle, inside the caller's transaction when it has one. */
    static void insert(Handle handle, OutboxEntry entry) {
        WebhookEvent event = entry.event();
        handle.createUpdate("INSERT INTO webhook_events (" + COLUMNS + """
                        ) VALUES (:id, :accountId, :connectionId, :eventType, :payload, :url, :failoverUrl, :timeoutMs,
                        :occurredAt, :createdAt, :nextAttemptAt, :attempts, :state, :finishedAt)""")
                .bind("id", event.id()).bind("accountId", event.accountId()).bind("connectionId", event.connectionId())
                .bind("eventType", event.eventType()).bind("payload", event.payloadJson())
                .bind("url", entry.target().url()).bind("failoverUrl", entry.target().failoverUrl())
                .bind("timeoutMs", (int) entry.target().timeout().toMillis())
                .bind("occurredAt", Rows.millis(event.occurredAt())).bind("createdAt", Rows.millis(entry.createdAt()))
                .bind("nextAttemptAt", Rows.millis(entry.nextAttemptAt())).bind("attempts", entry.attempts())
                .bind("state", entry.status().wireName()).bind("finishedAt", Rows.millis(entry.finishedAt()))
                .execute();
    }

    @Override
    public List<OutboxEntry> due(Instant now, Collection<String> busyAccounts, int limit) {
        return sql.withHandle(h -> {
            Query query = h.createQuery("SELECT " + COLUMNS + " FROM webhook_events"
                            + " WHERE state = 'pending' AND next_attempt_at <= :now"
                            + (busyAccounts.isEmpty() ? "" : " AND account_id NOT IN (<busy>)")
                            + " ORDER BY next_attempt_at, id LIMIT :limit")
                    .bind("now", Rows.millis(now)).bind("limit", limit);
            if (!busyAccounts.isEmpty()) {
                query.bindList("busy", List.copyOf(busyAccounts));
            }
            return query.map(ENTRY).list();
        });
    }

    @Override
    public boolean claim(String id, Instant seenNextAttemptAt, Instant leaseUntil) {
        return sql.withHandle(h -> h.createUpdate("""
                        UPDATE webhook_events SET next_attempt_at = :lease
                        WHERE id = :id AND state = 'pending' AND next_attempt_at = :seen""")
                .bind("lease", Rows.millis(leaseUntil)).bind("id", id).bind("seen", Rows.millis(seenNextAttemptAt))
                .execute()) == 1;
    }

    @Override
    public void recordAttempt(String id, DeliveryAttempt attempt, DeliveryStatus status, Instant nextAttemptAt) {
        sql.inTransaction(h -> {
            // A repeat of an attempt already recorded (a lease that ran out mid-attempt) keeps the first record.
            h.createUpdate("""
                            INSERT INTO webhook_attempts (event_id, number, url, status, http_status, error, started_at, finished_at)
                            SELECT :id, :number, :url, :status, :httpStatus, :error, :startedAt, :finishedAt
                            WHERE NOT EXISTS (SELECT 1 FROM webhook_attempts WHERE event_id = :id AND number = :number)""")
                    .bind("id", id).bind("number", attempt.number()).bind("url", attempt.url())
                    .bind("status", attempt.delivered() ? "delivered" : "failed")
                    .bind("httpStatus", attempt.httpStatus()).bind("error", attempt.error())
                    .bind("startedAt", Rows.millis(attempt.startedAt())).bind("finishedAt", Rows.millis(attempt.finishedAt()))
                    .execute();
            h.createUpdate("""
                            UPDATE webhook_events SET attempts = :number, state = :state, next_attempt_at = :next,
                            finished_at = :finishedAt WHERE id = :id AND state = 'pending'""")
                    .bind("number", attempt.number()).bind("state", status.wireName())
                    .bind("next", Rows.millis(nextAttemptAt))
                    .bind("finishedAt", status == DeliveryStatus.PENDING ? null : Rows.millis(attempt.finishedAt()))
                    .bind("id", id).execute();
            return null;
        });
    }

    @Override
    public Page<DeliveryRecord> list(String accountId, DeliveryQuery query, PageRequest page) {
        Filters filters = new Filters().where("account_id = :accountId", "accountId", accountId);
        if (query.status() != null) {
            filters.where("state = :state", "state", query.status().wireName());
        }
        if (query.eventType() != null) {
            filters.where("event_type = :eventType", "eventType", query.eventType());
        }
        return sql.withHandle(h -> {
            Page<OutboxEntry> entries = filters.page(h, "SELECT " + COLUMNS, "webhook_events", "created_at DESC, id",
                    page, ENTRY);
            Map<String, List<DeliveryAttempt>> attempts = attempts(h, entries.items());
            return entries.map(entry -> new DeliveryRecord(entry, attempts.getOrDefault(entry.event().id(), List.of())));
        });
    }

    private static Map<String, List<DeliveryAttempt>> attempts(Handle handle, List<OutboxEntry> entries) {
        Map<String, List<DeliveryAttempt>> byEvent = new HashMap<>();
        if (entries.isEmpty()) {
            return byEvent;
        }
        handle.createQuery("""
                        SELECT event_id, number, url, status, http_status, error, started_at, finished_at
                        FROM webhook_attempts WHERE event_id IN (<ids>) ORDER BY event_id, number""")
                .bindList("ids", entries.stream().map(e -> e.event().id()).toList())
                .map((rs, ctx) -> Map.entry(rs.getString("event_id"), ATTEMPT.map(rs, ctx)))
                .forEach(row -> byEvent.computeIfAbsent(row.getKey(), k -> new ArrayList<>()).add(row.getValue()));
        return byEvent;
    }

    @Override
    public int purgeFinishedBefore(Instant before) {
        return sql.withHandle(h -> h.createUpdate(
                        "DELETE FROM webhook_events WHERE state <> 'pending' AND finished_at < :before")
                .bind("before", Rows.millis(before)).execute());
    }
}
