-- Shipping before committing (issue 10 §2).
-- A rate table may leave a zone unserved (fresh food that cannot travel
-- far): the row says so, and the courier is refused there.
ALTER TABLE shipping_rates ADD COLUMN served BOOLEAN NOT NULL DEFAULT TRUE;

-- The buyer's last delivery address, pre-filled at the next checkout
-- (order/address.go): written once an order with it is placed,
-- read only by its owner. The phone is personal data: never logged.
CREATE TABLE buyer_addresses (
    user_id      INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    phone        TEXT NOT NULL,
    street       TEXT NOT NULL,
    regency_code TEXT NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
