-- A stored on-site sale can be voided by its booth's owner or the
-- organising agency, with a reason (docs/decisions/0014). A voided sale
-- stays, so the booth's list and the audit log still show it, but no
-- longer counts in the report; its expo stock is given back.
ALTER TABLE expo_sales ADD COLUMN voided_at TIMESTAMP;
ALTER TABLE expo_sales ADD COLUMN voided_by INTEGER REFERENCES users(id);
ALTER TABLE expo_sales ADD COLUMN void_reason TEXT NOT NULL DEFAULT '';
