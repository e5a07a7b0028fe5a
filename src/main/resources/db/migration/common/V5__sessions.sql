-- Sign-in sessions of the built-in users (security/Sessions, store/JdbcSessionStore): every replica
-- checks a request's session here, so a sign-out, a removed user or an expired session ends it on
-- all of them. The id is the SHA-256 of the cookie's random value: the database never holds a
-- value that signs anybody in, nor a password. Same SQL for PostgreSQL and the embedded H2.
CREATE TABLE gateway_session (
    id_hash      VARCHAR(64) NOT NULL PRIMARY KEY,
    user_name    VARCHAR(64) NOT NULL,
    role         VARCHAR(16) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at TIMESTAMP WITH TIME ZONE NOT NULL,
    -- set by a sign-out or a user's removal; the row stays until retention so replicas see why
    ended_at     TIMESTAMP WITH TIME ZONE,
    end_reason   VARCHAR(32)
);
CREATE INDEX gateway_session_user ON gateway_session (user_name);
CREATE INDEX gateway_session_created ON gateway_session (created_at);
