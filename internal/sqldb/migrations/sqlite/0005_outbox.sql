-- Emails waiting to be sent, written in the same transaction as the change
-- they tell about; a sweeper claims and sends them.
CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY,
    to_email      TEXT NOT NULL,
    subject       TEXT NOT NULL,
    body          TEXT NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    claimed_until TIMESTAMP,
    sent_at       TIMESTAMP,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX outbox_pending ON outbox(sent_at, id);
