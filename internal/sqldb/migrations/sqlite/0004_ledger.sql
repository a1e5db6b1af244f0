-- Money that passes through the operator's gateway account, per UMKM:
-- earnings (+), gateway fees (-), refunds (-), payouts (-). The balance is the sum.
CREATE TABLE ledger_entries (
    id         INTEGER PRIMARY KEY,
    umkm_id    INTEGER NOT NULL REFERENCES umkm(id),
    kind       TEXT NOT NULL CHECK (kind IN ('earning','fee','refund','payout')),
    amount     INTEGER NOT NULL,
    order_id   INTEGER REFERENCES orders(id),
    reference  TEXT NOT NULL DEFAULT '',
    actor_id   INTEGER REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX ledger_umkm ON ledger_entries(umkm_id, id);
-- One earning, fee and refund per order at most.
CREATE UNIQUE INDEX ledger_order_kind ON ledger_entries(order_id, kind) WHERE order_id IS NOT NULL;
