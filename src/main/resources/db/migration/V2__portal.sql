-- The portal: its users (one account each), their sign-in sessions, invitations, and when an API key was last used.

CREATE TABLE portal_users (
    id            VARCHAR(36)  PRIMARY KEY,
    account_id    VARCHAR(36)  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    email         VARCHAR(254) NOT NULL,
    email_lower   VARCHAR(254) NOT NULL UNIQUE,
    role          VARCHAR(16)  NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    created_at    BIGINT       NOT NULL
);
CREATE INDEX portal_users_account ON portal_users (account_id);

-- Only a hash of the session token is kept: a copy of the table signs no one in.
CREATE TABLE portal_sessions (
    token_hash VARCHAR(64) PRIMARY KEY,
    user_id    VARCHAR(36) NOT NULL REFERENCES portal_users (id) ON DELETE CASCADE,
    created_at BIGINT      NOT NULL,
    expires_at BIGINT      NOT NULL
);
CREATE INDEX portal_sessions_user ON portal_sessions (user_id);

CREATE TABLE portal_invites (
    token_hash  VARCHAR(64)  PRIMARY KEY,
    account_id  VARCHAR(36)  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    email       VARCHAR(254) NOT NULL,
    email_lower VARCHAR(254) NOT NULL,
    role        VARCHAR(16)  NOT NULL,
    invited_by  VARCHAR(36)  NOT NULL,
    created_at  BIGINT       NOT NULL,
    expires_at  BIGINT       NOT NULL
);
CREATE INDEX portal_invites_account ON portal_invites (account_id);

ALTER TABLE api_keys ADD COLUMN last_used_at BIGINT;
