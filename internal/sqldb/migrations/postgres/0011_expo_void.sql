-- A stored on-site sale can be voided by its booth's owner or the
-- organising agency, with a reason (docs/decisions/0014). A voided sale
-- stays, so the booth's list and the audit log still show it, but no
-- longer counts in the report; its expo stock is given back.
ALTER TABLE expo_sales
    ADD COLUMN voided_at   TIMESTAMPTZ,
    ADD COLUMN voided_by   BIGINT REFERENCES users(id),
    ADD COLUMN void_reason TEXT NOT NULL DEFAULT '';

-- Booth stock may go below zero (sold offline past it); as a 32-bit
-- integer a few large syncs took it out of range, a 500 on every later
-- sync of that booth. SQLite's INTEGER is already 64-bit.
ALTER TABLE expo_products
    ALTER COLUMN stock   TYPE BIGINT,
    ALTER COLUMN brought TYPE BIGINT;
