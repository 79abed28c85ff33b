-- Webhooks: the installation's Ed25519 signing key, the outbox of events to deliver, and the attempts made.

-- One row: the key every webhook is signed with. The private key is sealed like the token signing keys.
CREATE TABLE webhook_signing_key (
    id                 VARCHAR(16)   PRIMARY KEY,
    private_key_sealed VARCHAR(1024) NOT NULL,
    public_key         VARCHAR(64)   NOT NULL,
    created_at         BIGINT        NOT NULL
);

-- An event is a row until it is delivered or given up; the rows stay as the delivery log.
-- A worker claims a due row by moving next_attempt_at past the attempt's end (a lease): a node that
-- dies mid-attempt leaves the row due again once the lease has passed.
CREATE TABLE webhook_events (
    id              VARCHAR(36)   PRIMARY KEY,
    account_id      VARCHAR(36)   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    connection_id   BIGINT,
    event_type      VARCHAR(64)   NOT NULL,
    payload         VARCHAR(65536) NOT NULL,
    url             VARCHAR(2048) NOT NULL,
    failover_url    VARCHAR(2048),
    timeout_ms      INTEGER       NOT NULL,
    occurred_at     BIGINT        NOT NULL,
    created_at      BIGINT        NOT NULL,
    next_attempt_at BIGINT        NOT NULL,
    attempts        INTEGER       NOT NULL,
    state           VARCHAR(16)   NOT NULL,
    finished_at     BIGINT
);
CREATE INDEX webhook_events_due ON webhook_events (state, next_attempt_at);
CREATE INDEX webhook_events_account ON webhook_events (account_id, created_at);

CREATE TABLE webhook_attempts (
    event_id    VARCHAR(36)   NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
    number      INTEGER       NOT NULL,
    url         VARCHAR(2048) NOT NULL,
    status      VARCHAR(16)   NOT NULL,
    http_status INTEGER,
    error       VARCHAR(255),
    started_at  BIGINT        NOT NULL,
    finished_at BIGINT        NOT NULL,
    PRIMARY KEY (event_id, number)
);
