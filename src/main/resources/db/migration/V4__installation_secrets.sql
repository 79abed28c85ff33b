-- Random secrets every node must share (the key of the SIP digest nonces), one row each, sealed under
-- the master key like the signing keys.
CREATE TABLE installation_secrets (
    name       VARCHAR(64)  PRIMARY KEY,
    sealed     VARCHAR(512) NOT NULL,
    created_at BIGINT       NOT NULL
);
