-- Group buying: wholesale tiers on products, beli-bareng campaigns whose
-- participants each hold an order, and group (kelompok) orders.
CREATE TABLE product_tiers (
    product_id   INTEGER NOT NULL REFERENCES products(id),
    min_quantity INTEGER NOT NULL CHECK (min_quantity >= 2),
    price        INTEGER NOT NULL CHECK (price > 0),
    PRIMARY KEY (product_id, min_quantity)
);

CREATE TABLE campaigns (
    id               INTEGER PRIMARY KEY,
    umkm_id          INTEGER NOT NULL REFERENCES umkm(id),
    product_id       INTEGER NOT NULL REFERENCES products(id),
    created_by       INTEGER NOT NULL REFERENCES users(id),
    status           TEXT NOT NULL CHECK (status IN ('berjalan','berhasil','gagal')),
    min_total        INTEGER NOT NULL CHECK (min_total > 0),
    per_person_limit INTEGER NOT NULL CHECK (per_person_limit > 0),
    stock            INTEGER NOT NULL CHECK (stock > 0),
    total_quantity   INTEGER NOT NULL DEFAULT 0 CHECK (total_quantity >= 0 AND total_quantity <= stock),
    deadline         TIMESTAMP NOT NULL,
    final_price      INTEGER NOT NULL DEFAULT 0,
    decided_at       TIMESTAMP,
    settled_at       TIMESTAMP,
    created_at       TIMESTAMP NOT NULL
);
CREATE INDEX campaigns_due ON campaigns(status, deadline);
CREATE INDEX campaigns_umkm ON campaigns(umkm_id, id);

CREATE TABLE campaign_tiers (
    campaign_id  INTEGER NOT NULL REFERENCES campaigns(id),
    min_quantity INTEGER NOT NULL CHECK (min_quantity > 0),
    price        INTEGER NOT NULL CHECK (price > 0),
    PRIMARY KEY (campaign_id, min_quantity)
);

-- A participant's state: active (joined), left (left, or its payment
-- expired), then at the deadline to_confirm / to_cancel (decided), and
-- confirmed / cancelled once settled. Each settlement step moves one row
-- from a to_ state with a guarded UPDATE: that is what makes it happen once.
CREATE TABLE campaign_participants (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    buyer_id    INTEGER NOT NULL REFERENCES users(id),
    order_id    INTEGER NOT NULL UNIQUE REFERENCES orders(id),
    quantity    INTEGER NOT NULL CHECK (quantity > 0),
    unit_price  INTEGER NOT NULL CHECK (unit_price > 0),
    state       TEXT NOT NULL CHECK (state IN ('active','left','to_confirm','to_cancel','confirmed','cancelled')),
    refund      INTEGER NOT NULL DEFAULT 0,
    created_at  TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX campaign_participants_one_active ON campaign_participants(campaign_id, buyer_id) WHERE state = 'active';
CREATE INDEX campaign_participants_state ON campaign_participants(campaign_id, state);
CREATE INDEX campaign_participants_buyer ON campaign_participants(buyer_id, id);

ALTER TABLE orders ADD COLUMN campaign_id INTEGER REFERENCES campaigns(id);

-- A campaign order may have two refunds in the ledger: the price difference
-- at settlement, and the rest if it is cancelled later. Each is still
-- recorded once (its reference names which).
DROP INDEX ledger_order_kind;
CREATE UNIQUE INDEX ledger_order_kind ON ledger_entries(order_id, kind, reference) WHERE order_id IS NOT NULL;
