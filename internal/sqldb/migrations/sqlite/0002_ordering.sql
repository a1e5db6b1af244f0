-- Ordering: carts, checkouts with idempotency keys, orders per UMKM, their
-- history, payments and their webhook events, refunds, shipping rates.
CREATE TABLE cart_items (
    owner_key  TEXT NOT NULL,              -- "u:<user id>" or "g:<guest token>"
    product_id INTEGER NOT NULL REFERENCES products(id),
    quantity   INTEGER NOT NULL CHECK (quantity > 0),
    added_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (owner_key, product_id)
);

CREATE TABLE idempotency_keys (
    user_id      INTEGER NOT NULL REFERENCES users(id),
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    response     TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, key)
);

CREATE TABLE order_settings (
    umkm_id              INTEGER PRIMARY KEY REFERENCES umkm(id),
    payment_expiry_hours INTEGER NOT NULL DEFAULT 24 CHECK (payment_expiry_hours BETWEEN 1 AND 168),
    static_qris          TEXT NOT NULL DEFAULT ''
);

CREATE TABLE orders (
    id               INTEGER PRIMARY KEY,
    checkout_id      TEXT NOT NULL,
    buyer_id         INTEGER NOT NULL REFERENCES users(id),
    umkm_id          INTEGER NOT NULL REFERENCES umkm(id),
    status           TEXT NOT NULL CHECK (status IN ('menunggu_pembayaran','dibayar','diproses','dikirim','selesai','dibatalkan')),
    subtotal         INTEGER NOT NULL CHECK (subtotal >= 0),
    shipping_cost    INTEGER NOT NULL CHECK (shipping_cost >= 0),
    total            INTEGER NOT NULL CHECK (total >= 0),
    delivery_method  TEXT NOT NULL CHECK (delivery_method IN ('pickup','courier')),
    courier          TEXT NOT NULL DEFAULT '',
    tracking_number  TEXT NOT NULL DEFAULT '',
    ship_name        TEXT NOT NULL,
    ship_phone       TEXT NOT NULL,
    ship_street      TEXT NOT NULL,
    ship_regency     TEXT NOT NULL,
    cancel_reason    TEXT NOT NULL DEFAULT '',
    pay_by           TIMESTAMP NOT NULL,
    shipped_at       TIMESTAMP,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX orders_buyer ON orders(buyer_id, id);
CREATE INDEX orders_umkm ON orders(umkm_id, status, id);
CREATE INDEX orders_unpaid ON orders(status, pay_by);
CREATE INDEX orders_checkout ON orders(checkout_id);

CREATE TABLE order_items (
    order_id     INTEGER NOT NULL REFERENCES orders(id),
    product_id   INTEGER NOT NULL REFERENCES products(id),
    name         TEXT NOT NULL,
    price        INTEGER NOT NULL CHECK (price >= 0),
    quantity     INTEGER NOT NULL CHECK (quantity > 0),
    weight_grams INTEGER NOT NULL,
    PRIMARY KEY (order_id, product_id)
);

CREATE TABLE order_history (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES orders(id),
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    actor_id    INTEGER REFERENCES users(id),
    note        TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX order_history_order ON order_history(order_id, id);

CREATE TABLE payments (
    id           INTEGER PRIMARY KEY,
    provider     TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('pending','paid','expired','failed','refunded')),
    amount       INTEGER NOT NULL CHECK (amount > 0),
    qris         TEXT NOT NULL DEFAULT '',
    provider_ref TEXT NOT NULL DEFAULT '',
    expires_at   TIMESTAMP NOT NULL,
    paid_at      TIMESTAMP,
    created_at   TIMESTAMP NOT NULL
);

CREATE TABLE payment_orders (
    payment_id INTEGER NOT NULL REFERENCES payments(id),
    order_id   INTEGER NOT NULL REFERENCES orders(id),
    PRIMARY KEY (payment_id, order_id)
);
CREATE INDEX payment_orders_order ON payment_orders(order_id);

CREATE TABLE payment_events (
    provider    TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    payment_id  INTEGER NOT NULL,
    status      TEXT NOT NULL,
    amount      INTEGER NOT NULL,
    received_at TIMESTAMP NOT NULL,
    PRIMARY KEY (provider, event_id)
);

CREATE TABLE refunds (
    id         INTEGER PRIMARY KEY,
    order_id   INTEGER NOT NULL REFERENCES orders(id),
    amount     INTEGER NOT NULL CHECK (amount > 0),
    reason     TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','done')),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX refunds_order ON refunds(order_id);
