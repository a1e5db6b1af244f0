-- Password reset links sent by email (account/reset.go). token_hash is a
-- SHA-256 of the link's random token, never the token itself; a link works
-- until expires_at and once (used_at is set by a guarded UPDATE). Old rows
-- are swept with the sessions.
CREATE TABLE password_resets (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at  TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP NOT NULL,
    used_at     TIMESTAMP
);
CREATE INDEX password_resets_user ON password_resets(user_id);
CREATE INDEX password_resets_expires ON password_resets(expires_at);
