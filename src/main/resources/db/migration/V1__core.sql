-- Portable subset of SQL that runs unchanged on H2 (PostgreSQL mode) and PostgreSQL.
-- Times are epoch milliseconds (BIGINT): no time-zone conversions between drivers.
-- Secrets that must be read back are sealed (AES-GCM under the master key, see SecretBox);
-- API keys are stored only as SHA-256 hashes.

CREATE TABLE accounts (
    id          VARCHAR(36)  PRIMARY KEY,
    name        VARCHAR(255) NOT NULL,
    is_default  BOOLEAN      NOT NULL,
    created_at  BIGINT       NOT NULL
);

CREATE TABLE api_keys (
    id          VARCHAR(36)  PRIMARY KEY,
    account_id  VARCHAR(36)  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    key_hash    VARCHAR(64)  NOT NULL UNIQUE,
    key_prefix  VARCHAR(16)  NOT NULL,
    description VARCHAR(255) NOT NULL,
    created_at  BIGINT       NOT NULL,
    revoked_at  BIGINT
);
CREATE INDEX api_keys_account ON api_keys (account_id);

CREATE TABLE credential_connections (
    id                        BIGINT        PRIMARY KEY,
    account_id                VARCHAR(36)   NOT NULL REFERENCES accounts (id),
    connection_name           VARCHAR(255)  NOT NULL,
    connection_name_lower     VARCHAR(255)  NOT NULL,
    user_name                 VARCHAR(32)   NOT NULL,
    user_name_lower           VARCHAR(32)   NOT NULL UNIQUE,
    password_sealed           VARCHAR(1024) NOT NULL,
    ha1_realm                 VARCHAR(255)  NOT NULL,
    ha1_md5                   VARCHAR(32)   NOT NULL,
    ha1_sha256                VARCHAR(64)   NOT NULL,
    active                    BOOLEAN       NOT NULL,
    outbound_voice_profile_id VARCHAR(64),
    settings                  VARCHAR(65536) NOT NULL,
    created_at                BIGINT        NOT NULL,
    updated_at                BIGINT        NOT NULL
);
CREATE INDEX credential_connections_account ON credential_connections (account_id, created_at);

CREATE TABLE telephony_credentials (
    id                VARCHAR(36)   PRIMARY KEY,
    account_id        VARCHAR(36)   NOT NULL REFERENCES accounts (id),
    connection_id     BIGINT        NOT NULL REFERENCES credential_connections (id) ON DELETE CASCADE,
    name              VARCHAR(255)  NOT NULL,
    tag               VARCHAR(255),
    sip_username      VARCHAR(32)   NOT NULL UNIQUE,
    password_sealed   VARCHAR(1024) NOT NULL,
    ha1_realm         VARCHAR(255)  NOT NULL,
    ha1_md5           VARCHAR(32)   NOT NULL,
    ha1_sha256        VARCHAR(64)   NOT NULL,
    active            BOOLEAN       NOT NULL,
    expires_at        BIGINT,
    token_generation  INTEGER       NOT NULL,
    created_at        BIGINT        NOT NULL,
    updated_at        BIGINT        NOT NULL
);
CREATE INDEX telephony_credentials_account ON telephony_credentials (account_id, created_at);
CREATE INDEX telephony_credentials_tag ON telephony_credentials (account_id, tag);
CREATE INDEX telephony_credentials_connection ON telephony_credentials (connection_id);

-- ES256 signing keys shared by every node. A retired key signs no more tokens but stays
-- published for verification until its last token has expired, then it is deleted.
CREATE TABLE signing_keys (
    kid                VARCHAR(64)   PRIMARY KEY,
    private_key_sealed VARCHAR(4096) NOT NULL,
    public_jwk         VARCHAR(4096) NOT NULL,
    created_at         BIGINT        NOT NULL,
    retired_at         BIGINT
);
