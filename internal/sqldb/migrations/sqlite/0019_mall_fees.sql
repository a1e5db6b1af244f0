-- Fees at a mall (issue 11 §8, decision 0025): the operator's static QRIS
-- per venue, one invoice per tenant and period with a line per fee kind,
-- and the payments recorded against it (cash or QRIS, confirmed by staff).
--
-- A tenant has at most one live invoice per period (the partial unique
-- index: a rerun finds it, a voided one may be issued again), and an
-- invoice is never paid past its total (the CHECK holds it under any
-- concurrency; the service's conditional UPDATE refuses first).

ALTER TABLE venues ADD COLUMN static_qris TEXT NOT NULL DEFAULT '';

CREATE TABLE mall_invoices (
    id               INTEGER PRIMARY KEY,
    venue_id         INTEGER NOT NULL REFERENCES venues(id),
    umkm_id          INTEGER NOT NULL REFERENCES umkm(id),
    umkm_name        TEXT NOT NULL,    -- as its application named it
    period_from      TEXT NOT NULL CHECK (period_from GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    period_to        TEXT NOT NULL CHECK (period_to GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    due_date         TEXT NOT NULL CHECK (due_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    rulebook_version INTEGER NOT NULL,
    total            INTEGER NOT NULL CHECK (total > 0),
    paid             INTEGER NOT NULL DEFAULT 0 CHECK (paid >= 0 AND paid <= total),
    status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','paid','void')),
    created_by       INTEGER REFERENCES users(id),
    created_at       TIMESTAMP NOT NULL,
    paid_at          TIMESTAMP,
    voided_at        TIMESTAMP,
    voided_by        INTEGER REFERENCES users(id),
    void_reason      TEXT NOT NULL DEFAULT '',
    CHECK (period_from <= period_to)
);
CREATE UNIQUE INDEX mall_invoices_period ON mall_invoices(venue_id, umkm_id, period_from, period_to) WHERE status <> 'void';
CREATE INDEX mall_invoices_venue ON mall_invoices(venue_id, period_to);
CREATE INDEX mall_invoices_arrears ON mall_invoices(venue_id, status, due_date);

-- One fee kind of an invoice: daily (days × rate), rent (days held of
-- the months, pro rata) or sales_share (sales × basis points, clamped).
CREATE TABLE mall_invoice_lines (
    invoice_id   INTEGER NOT NULL REFERENCES mall_invoices(id),
    line         INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('daily','rent','sales_share')),
    days         INTEGER NOT NULL DEFAULT 0,
    rate         INTEGER NOT NULL DEFAULT 0, -- the daily fee, the monthly rent
    sales        INTEGER NOT NULL DEFAULT 0, -- the period's recorded sales (sales_share)
    basis_points INTEGER NOT NULL DEFAULT 0,
    clamped      TEXT NOT NULL DEFAULT '' CHECK (clamped IN ('','min','max')),
    amount       INTEGER NOT NULL CHECK (amount > 0),
    PRIMARY KEY (invoice_id, line)
);

CREATE TABLE mall_invoice_payments (
    id              INTEGER PRIMARY KEY,
    invoice_id      INTEGER NOT NULL REFERENCES mall_invoices(id),
    amount          INTEGER NOT NULL CHECK (amount > 0),
    method          TEXT NOT NULL CHECK (method IN ('cash','qris')),
    reference       TEXT NOT NULL DEFAULT '',
    idempotency_key TEXT NOT NULL,
    recorded_by     INTEGER NOT NULL REFERENCES users(id),
    created_at      TIMESTAMP NOT NULL,
    UNIQUE (invoice_id, idempotency_key)
);
