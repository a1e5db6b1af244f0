-- Sales at a mall stall (issue 11 §7): the expo cashier's offline sales,
-- attributed to the venue, the stall, the turn, the market day and the
-- UMKM. The device makes the id (a UUID), so a sale sent again is one row.
-- Items are the UMKM's catalogue products or typed at the stall.
CREATE TABLE mall_sales (
    id             TEXT PRIMARY KEY,
    venue_id       BIGINT NOT NULL REFERENCES venues(id),
    stall_id       BIGINT NOT NULL REFERENCES stalls(id),
    turn_id        BIGINT NOT NULL REFERENCES turns(id),
    umkm_id        BIGINT NOT NULL REFERENCES umkm(id),
    cashier_id     BIGINT NOT NULL REFERENCES users(id),
    sold_at        TIMESTAMPTZ NOT NULL,
    sale_day       DATE NOT NULL, -- at the venue
    payment_method TEXT NOT NULL CHECK (payment_method IN ('cash','qris','transfer','card')),
    total          BIGINT NOT NULL CHECK (total >= 0),
    late           BOOLEAN NOT NULL DEFAULT FALSE, -- sold on a day outside the turn, or synced after the day closed
    synced_at      TIMESTAMPTZ NOT NULL,
    voided_at      TIMESTAMPTZ,
    voided_by      BIGINT REFERENCES users(id),
    void_reason    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mall_sales_venue_day ON mall_sales(venue_id, sale_day);
CREATE INDEX mall_sales_umkm_day ON mall_sales(umkm_id, sale_day);

CREATE TABLE mall_sale_items (
    sale_id    TEXT NOT NULL REFERENCES mall_sales(id),
    line       INTEGER NOT NULL,
    product_id BIGINT REFERENCES products(id),
    name       TEXT NOT NULL,
    quantity   BIGINT NOT NULL CHECK (quantity > 0),
    price      BIGINT NOT NULL CHECK (price >= 0),
    PRIMARY KEY (sale_id, line)
);
