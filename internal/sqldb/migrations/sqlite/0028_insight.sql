-- Roll-ups for the dashboards (issue 13, decision 0034).
--
-- Sales: each change to an order writes a row in sales_changes in its own
-- transaction (an insert, no row anybody else writes); the sweep folds
-- them into the roll-ups, one sweeper at a time, and records in sales_facts
-- what each counted order now contributes, so folding an order twice adds
-- nothing and a crash mid-fold leaves the changes to fold again.
CREATE TABLE sales_changes (
    id       INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL
);

-- One row per order that counts (paid and not cancelled), with the keys it
-- is counted under: the figures' records and their list.
CREATE TABLE sales_facts (
    order_id        INTEGER PRIMARY KEY REFERENCES orders(id),
    month           TEXT NOT NULL, -- YYYY-MM when the order was placed, at the seller's province
    umkm_id         INTEGER NOT NULL,
    seller_province TEXT NOT NULL,
    seller_regency  TEXT NOT NULL,
    category        TEXT NOT NULL,
    buyer_province  TEXT NOT NULL,
    buyer_id        INTEGER NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('single','group','campaign','expo')),
    amount          INTEGER NOT NULL CHECK (amount >= 0)
);
CREATE INDEX sales_facts_pair ON sales_facts(seller_province, buyer_province, month, order_id);
CREATE INDEX sales_facts_buyer_pair ON sales_facts(buyer_province, seller_province, month, order_id);

CREATE TABLE sales_flows (
    month           TEXT NOT NULL,
    seller_province TEXT NOT NULL,
    buyer_province  TEXT NOT NULL,
    kind            TEXT NOT NULL,
    orders          INTEGER NOT NULL,
    amount_hi       INTEGER NOT NULL, -- whole billions of the sum (platform.SumSplit)
    amount_lo       INTEGER NOT NULL, -- and the rest, summed apart so no sum can overflow
    PRIMARY KEY (month, seller_province, buyer_province, kind)
);

CREATE TABLE sales_areas (
    month           TEXT NOT NULL,
    seller_province TEXT NOT NULL,
    seller_regency  TEXT NOT NULL,
    category        TEXT NOT NULL,
    buyer_province  TEXT NOT NULL,
    orders          INTEGER NOT NULL,
    amount_hi       INTEGER NOT NULL, -- whole billions of the sum (platform.SumSplit)
    amount_lo       INTEGER NOT NULL, -- and the rest, summed apart so no sum can overflow
    PRIMARY KEY (month, seller_regency, category, buyer_province)
);

CREATE TABLE sales_buyers (
    month           TEXT NOT NULL,
    seller_province TEXT NOT NULL,
    buyer_province  TEXT NOT NULL,
    buyer_id        INTEGER NOT NULL,
    orders          INTEGER NOT NULL,
    PRIMARY KEY (month, seller_province, buyer_province, buyer_id)
);

CREATE TABLE sales_umkm_months (
    umkm_id INTEGER NOT NULL,
    month   TEXT NOT NULL,
    orders  INTEGER NOT NULL,
    amount_hi INTEGER NOT NULL,
    amount_lo INTEGER NOT NULL,
    PRIMARY KEY (umkm_id, month)
);

-- One row a roll-up: the sweeper locks it, so sweeps never fold at once;
-- built says the roll-up was rebuilt from the records (at start, once).
CREATE TABLE rollup_state (
    name  TEXT PRIMARY KEY,
    built INTEGER NOT NULL DEFAULT 0
);
INSERT INTO rollup_state (name) VALUES ('sales'), ('registry');

-- Registry: kept in the transaction of each UMKM change (registrations and
-- verifications are few; a dashboard reads a few hundred rows).
ALTER TABLE umkm ADD COLUMN submitted_at TIMESTAMP;

CREATE TABLE registry_counts (
    province_code TEXT NOT NULL,
    regency_code  TEXT NOT NULL,
    scale         TEXT NOT NULL,
    category      TEXT NOT NULL,
    status        TEXT NOT NULL,
    halal         INTEGER NOT NULL, -- 1: a halal certificate recorded
    umkm          INTEGER NOT NULL,
    PRIMARY KEY (province_code, regency_code, scale, category, status, halal)
);

CREATE TABLE registry_months (
    province_code TEXT NOT NULL,
    regency_code  TEXT NOT NULL,
    month         TEXT NOT NULL, -- YYYY-MM of the registration, at the province
    umkm          INTEGER NOT NULL,
    PRIMARY KEY (province_code, regency_code, month)
);

-- Whole days from the last submission to the verification, per month of
-- verification: the median is read from these counts.
CREATE TABLE registry_verify_days (
    province_code TEXT NOT NULL,
    month         TEXT NOT NULL,
    days          INTEGER NOT NULL,
    umkm          INTEGER NOT NULL,
    PRIMARY KEY (province_code, month, days)
);
