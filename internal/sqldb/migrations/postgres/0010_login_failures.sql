-- Failed password checks, counted per email and per client address so that
-- every process on this database shares one login rate limit
-- (account/ratelimit.go). key_hash is a SHA-256 of what is counted, never
-- the email or address itself. A row counts until window_ends, which is never
-- before blocked_until; expired rows are swept with the sessions.
CREATE TABLE login_failures (
    key_hash      TEXT PRIMARY KEY,
    failures      INTEGER NOT NULL,
    window_ends   TIMESTAMPTZ NOT NULL,
    blocked_until TIMESTAMPTZ
);
CREATE INDEX login_failures_window_ends ON login_failures(window_ends);
