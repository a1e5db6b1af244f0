-- Partner institutions (mitra binaan, issue 13 §4, decision 0032): banks,
-- state companies, associations, universities and regencies whose staff
-- (the new role "partner") foster UMKM that consented, run staged
-- programmes and training, and lend under the PUMK rules.
--
-- users.role gains 'partner'. SQLite cannot alter a CHECK constraint and
-- rebuilding users would cascade-delete sessions, so the constraint's text
-- is widened in place (the procedure SQLite documents for loosening a
-- CHECK: every stored row still satisfies it, the file format is untouched; RESET reloads the schema).
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (role IN (''buyer'',''seller'',''agency'',''admin''))',
    'CHECK (role IN (''buyer'',''seller'',''agency'',''admin'',''partner''))')
WHERE type = 'table' AND name = 'users';
PRAGMA writable_schema = RESET;

CREATE TABLE partners (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL CHECK (kind IN ('bank','bumn','association','university','regency')),
    province_code TEXT NOT NULL,
    created_by    INTEGER NOT NULL REFERENCES users(id),
    created_at    TIMESTAMP NOT NULL
);

-- A staff account belongs to one partner.
CREATE TABLE partner_members (
    partner_id INTEGER NOT NULL REFERENCES partners(id),
    user_id    INTEGER NOT NULL UNIQUE REFERENCES users(id),
    added_by   INTEGER NOT NULL REFERENCES users(id),
    added_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (partner_id, user_id)
);

-- A UMKM's consent to be fostered by a partner: what it covers is fixed
-- (the profile and its sales through Gerai); loans are the partner's own
-- records whatever the consent. Withdrawn consents stay as history; at
-- most one is active per pair.
CREATE TABLE partner_consents (
    id           INTEGER PRIMARY KEY,
    umkm_id      INTEGER NOT NULL REFERENCES umkm(id),
    partner_id   INTEGER NOT NULL REFERENCES partners(id),
    covers       TEXT NOT NULL DEFAULT 'profile_sales' CHECK (covers IN ('profile_sales')),
    given_by     INTEGER NOT NULL REFERENCES users(id),
    given_at     TIMESTAMP NOT NULL,
    withdrawn_by INTEGER REFERENCES users(id),
    withdrawn_at TIMESTAMP
);
CREATE UNIQUE INDEX partner_consents_active ON partner_consents(umkm_id, partner_id) WHERE withdrawn_at IS NULL;
CREATE INDEX partner_consents_partner ON partner_consents(partner_id, umkm_id) WHERE withdrawn_at IS NULL;

CREATE TABLE partner_programmes (
    id         INTEGER PRIMARY KEY,
    partner_id INTEGER NOT NULL REFERENCES partners(id),
    name       TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (partner_id, name)
);

CREATE TABLE partner_programme_stages (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES partner_programmes(id),
    position     INTEGER NOT NULL CHECK (position >= 1),
    name         TEXT NOT NULL,
    UNIQUE (programme_id, position)
);

-- The stages a fostered UMKM reached, each once, with the day.
CREATE TABLE partner_stages_reached (
    stage_id    INTEGER NOT NULL REFERENCES partner_programme_stages(id),
    umkm_id     INTEGER NOT NULL REFERENCES umkm(id),
    reached_on  TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES users(id),
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (stage_id, umkm_id)
);

CREATE TABLE partner_trainings (
    id         INTEGER PRIMARY KEY,
    partner_id INTEGER NOT NULL REFERENCES partners(id),
    title      TEXT NOT NULL,
    held_on    TEXT NOT NULL,
    place      TEXT NOT NULL DEFAULT '',
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE partner_training_attendance (
    training_id INTEGER NOT NULL REFERENCES partner_trainings(id),
    umkm_id     INTEGER NOT NULL REFERENCES umkm(id),
    recorded_by INTEGER NOT NULL REFERENCES users(id),
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (training_id, umkm_id)
);

-- PUMK loans. owed is the schedule's total; paid the repayments' sum,
-- which the CHECK keeps at or below owed under concurrent repayments.
CREATE TABLE partner_loans (
    id              INTEGER PRIMARY KEY,
    partner_id      INTEGER NOT NULL REFERENCES partners(id),
    umkm_id         INTEGER NOT NULL REFERENCES umkm(id),
    principal       INTEGER NOT NULL CHECK (principal > 0 AND principal <= 250000000),
    tenor_months    INTEGER NOT NULL CHECK (tenor_months BETWEEN 1 AND 36),
    start_on        TEXT NOT NULL,
    fee_permille    INTEGER NOT NULL,
    owed            INTEGER NOT NULL,
    paid            INTEGER NOT NULL DEFAULT 0 CHECK (paid >= 0 AND paid <= owed),
    idempotency_key TEXT,
    created_by      INTEGER NOT NULL REFERENCES users(id),
    created_at      TIMESTAMP NOT NULL,
    UNIQUE (partner_id, idempotency_key)
);
CREATE INDEX partner_loans_partner ON partner_loans(partner_id, id);
CREATE INDEX partner_loans_umkm ON partner_loans(umkm_id);

CREATE TABLE partner_loan_schedule (
    loan_id   INTEGER NOT NULL REFERENCES partner_loans(id),
    n         INTEGER NOT NULL,
    due_on    TEXT NOT NULL,
    principal INTEGER NOT NULL,
    fee       INTEGER NOT NULL,
    PRIMARY KEY (loan_id, n)
);

CREATE TABLE partner_repayments (
    id              INTEGER PRIMARY KEY,
    loan_id         INTEGER NOT NULL REFERENCES partner_loans(id),
    paid_on         TEXT NOT NULL,
    amount          INTEGER NOT NULL CHECK (amount > 0),
    idempotency_key TEXT,
    recorded_by     INTEGER NOT NULL REFERENCES users(id),
    recorded_at     TIMESTAMP NOT NULL,
    UNIQUE (loan_id, idempotency_key)
);
CREATE INDEX partner_repayments_loan ON partner_repayments(loan_id, paid_on);
