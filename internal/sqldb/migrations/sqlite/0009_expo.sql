-- Expos: events run by a province's agency (often in a partner province),
-- their booths, exhibitors (a UMKM, an institution or a regency
-- delegation) with the stock they bring, on-site sales synced from the
-- cashiers' devices, business-matching meetings, and visitors per day.
CREATE TABLE events (
    id                 INTEGER PRIMARY KEY,
    name               TEXT NOT NULL,
    organiser_province TEXT NOT NULL,
    host_province      TEXT NOT NULL,
    city               TEXT NOT NULL,
    venue              TEXT NOT NULL,
    starts_on          TEXT NOT NULL,   -- YYYY-MM-DD in the venue's time zone
    ends_on            TEXT NOT NULL,
    time_zone          TEXT NOT NULL,
    description        TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL CHECK (status IN ('draft','open','running','closed')),
    report_public      BOOLEAN NOT NULL DEFAULT FALSE,
    created_by         INTEGER NOT NULL REFERENCES users(id),
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);
CREATE INDEX events_organiser ON events(organiser_province, id);

CREATE TABLE booths (
    id       INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id),
    code     TEXT NOT NULL,
    size     TEXT NOT NULL DEFAULT '',
    UNIQUE (event_id, code)
);

CREATE TABLE exhibitors (
    id           INTEGER PRIMARY KEY,
    event_id     INTEGER NOT NULL REFERENCES events(id),
    kind         TEXT NOT NULL CHECK (kind IN ('umkm','institution','regency')),
    umkm_id      INTEGER REFERENCES umkm(id),
    parent_id    INTEGER REFERENCES exhibitors(id), -- the institution that brings this UMKM
    name         TEXT NOT NULL,
    regency_code TEXT NOT NULL DEFAULT '',
    category     TEXT NOT NULL DEFAULT '',
    booth_id     INTEGER UNIQUE REFERENCES booths(id),
    status       TEXT NOT NULL CHECK (status IN ('applied','approved','rejected')),
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX exhibitors_event ON exhibitors(event_id, id);
CREATE UNIQUE INDEX exhibitors_umkm ON exhibitors(event_id, umkm_id) WHERE umkm_id IS NOT NULL;

-- Who may sell at a booth besides its UMKM's owner and the agency.
CREATE TABLE exhibitor_cashiers (
    exhibitor_id INTEGER NOT NULL REFERENCES exhibitors(id),
    user_id      INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (exhibitor_id, user_id)
);

-- What an exhibitor brings: stock kept apart from online stock.
CREATE TABLE expo_products (
    id           INTEGER PRIMARY KEY,
    exhibitor_id INTEGER NOT NULL REFERENCES exhibitors(id),
    product_id   INTEGER REFERENCES products(id),
    name         TEXT NOT NULL,
    price        INTEGER NOT NULL CHECK (price >= 0),
    stock        INTEGER NOT NULL,  -- may go below zero: sold offline past it, flagged
    brought      INTEGER NOT NULL CHECK (brought >= 0),
    UNIQUE (exhibitor_id, product_id)
);

-- An on-site sale. Its id is made on the cashier's device, so a sale sent
-- twice (a retry after a lost answer) is stored once.
CREATE TABLE expo_sales (
    id             TEXT PRIMARY KEY,
    event_id       INTEGER NOT NULL REFERENCES events(id),
    exhibitor_id   INTEGER NOT NULL REFERENCES exhibitors(id),
    cashier_id     INTEGER NOT NULL REFERENCES users(id),
    sold_at        TIMESTAMP NOT NULL,
    sale_day       TEXT NOT NULL,     -- YYYY-MM-DD of sold_at in the event's time zone
    payment_method TEXT NOT NULL CHECK (payment_method IN ('cash','qris','transfer','card')),
    total          INTEGER NOT NULL CHECK (total >= 0),
    late           BOOLEAN NOT NULL DEFAULT FALSE, -- arrived after the expo closed
    over_stock     BOOLEAN NOT NULL DEFAULT FALSE, -- sold past the stock brought
    synced_at      TIMESTAMP NOT NULL
);
CREATE INDEX expo_sales_event ON expo_sales(event_id, exhibitor_id);

CREATE TABLE expo_sale_items (
    sale_id         TEXT NOT NULL REFERENCES expo_sales(id),
    line            INTEGER NOT NULL,
    expo_product_id INTEGER REFERENCES expo_products(id),
    name            TEXT NOT NULL,
    quantity        INTEGER NOT NULL CHECK (quantity > 0),
    price           INTEGER NOT NULL CHECK (price >= 0),
    PRIMARY KEY (sale_id, line)
);

-- Business matching (temu bisnis).
CREATE TABLE matching_buyers (
    id         INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL REFERENCES events(id),
    name       TEXT NOT NULL,
    company    TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('retailer','distributor','exporter','hotel','lainnya')),
    categories TEXT NOT NULL DEFAULT '', -- comma-separated catalogue categories
    phone      TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE meetings (
    id           INTEGER PRIMARY KEY,
    event_id     INTEGER NOT NULL REFERENCES events(id),
    buyer_id     INTEGER NOT NULL REFERENCES matching_buyers(id),
    exhibitor_id INTEGER NOT NULL REFERENCES exhibitors(id),
    starts_at    TIMESTAMP NOT NULL,
    ends_at      TIMESTAMP NOT NULL,
    outcome      TEXT NOT NULL DEFAULT 'scheduled' CHECK (outcome IN ('scheduled','deal','potential','none','cancelled')),
    value        INTEGER NOT NULL DEFAULT 0 CHECK (value >= 0),
    notes        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX meetings_event ON meetings(event_id, starts_at);

CREATE TABLE visitor_counts (
    event_id INTEGER NOT NULL REFERENCES events(id),
    day      TEXT NOT NULL,
    visitors INTEGER NOT NULL CHECK (visitors >= 0),
    PRIMARY KEY (event_id, day)
);

-- Online orders that came through an expo's page.
ALTER TABLE orders ADD COLUMN event_id INTEGER REFERENCES events(id);
