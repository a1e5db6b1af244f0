-- Groups (kelompok: an office, a PKK or arisan group, a koperasi, a school)
-- with a coordinator and members invited by link, and their group orders:
-- members add their own items, the coordinator closes the order and checks
-- out once (one order per UMKM, one address), paying the whole or letting
-- each member pay a share.
CREATE TABLE user_groups (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL,
    coordinator_id INTEGER NOT NULL REFERENCES users(id),
    invite_token   TEXT NOT NULL UNIQUE,
    created_at     TIMESTAMP NOT NULL
);

CREATE TABLE group_members (
    group_id  INTEGER NOT NULL REFERENCES user_groups(id),
    user_id   INTEGER NOT NULL REFERENCES users(id),
    joined_at TIMESTAMP NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members(user_id);

CREATE TABLE group_orders (
    id          INTEGER PRIMARY KEY,
    group_id    INTEGER NOT NULL REFERENCES user_groups(id),
    title       TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('terbuka','ditutup','dipesan')),
    pay_mode    TEXT NOT NULL DEFAULT '' CHECK (pay_mode IN ('','coordinator','each')),
    checkout_id TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    closed_at   TIMESTAMP
);
CREATE INDEX group_orders_group ON group_orders(group_id, id);

CREATE TABLE group_order_items (
    id             INTEGER PRIMARY KEY,
    group_order_id INTEGER NOT NULL REFERENCES group_orders(id),
    member_id      INTEGER NOT NULL REFERENCES users(id),
    product_id     INTEGER NOT NULL REFERENCES products(id),
    quantity       INTEGER NOT NULL CHECK (quantity > 0),
    UNIQUE (group_order_id, member_id, product_id)
);

-- What each member owes of a checked-out group order (goods at the price
-- the whole group reached, plus a share of the delivery cost), and the
-- payment that covers it when each member pays their own.
CREATE TABLE group_order_shares (
    group_order_id INTEGER NOT NULL REFERENCES group_orders(id),
    member_id      INTEGER NOT NULL REFERENCES users(id),
    goods          INTEGER NOT NULL,
    shipping       INTEGER NOT NULL,
    amount         INTEGER NOT NULL,
    payment_id     INTEGER REFERENCES payments(id),
    PRIMARY KEY (group_order_id, member_id)
);
