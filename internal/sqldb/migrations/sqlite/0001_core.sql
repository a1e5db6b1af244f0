-- Core: accounts, sessions, UMKM registry, catalogue, audit log, search index.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('buyer','seller','agency','admin')),
    province_code TEXT,
    created_at    TIMESTAMP NOT NULL
);

CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('web','api')),
    csrf_token  TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expires ON sessions(expires_at);

CREATE TABLE umkm (
    id             INTEGER PRIMARY KEY,
    owner_id       INTEGER NOT NULL REFERENCES users(id),
    name           TEXT NOT NULL,
    owner_name     TEXT NOT NULL,
    nib            TEXT NOT NULL UNIQUE,
    kbli           TEXT NOT NULL DEFAULT '',
    province_code  TEXT NOT NULL,
    regency_code   TEXT NOT NULL,
    address        TEXT NOT NULL DEFAULT '',
    whatsapp       TEXT NOT NULL DEFAULT '',
    category       TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    capital        INTEGER NOT NULL DEFAULT 0 CHECK (capital >= 0),
    turnover       INTEGER NOT NULL DEFAULT 0 CHECK (turnover >= 0),
    scale          TEXT NOT NULL,
    halal_cert     TEXT NOT NULL DEFAULT '',
    pirt           TEXT NOT NULL DEFAULT '',
    bpom           TEXT NOT NULL DEFAULT '',
    logo_key       TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL CHECK (status IN ('draft','submitted','verified','rejected')),
    reject_reason  TEXT NOT NULL DEFAULT '',
    verified_by    INTEGER REFERENCES users(id),
    verified_at    TIMESTAMP,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX umkm_owner ON umkm(owner_id);
CREATE INDEX umkm_queue ON umkm(province_code, status, regency_code);

CREATE TABLE products (
    id            INTEGER PRIMARY KEY,
    umkm_id       INTEGER NOT NULL REFERENCES umkm(id),
    name          TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    category      TEXT NOT NULL,
    price         INTEGER NOT NULL CHECK (price >= 0),
    stock         INTEGER NOT NULL CHECK (stock >= 0),
    weight_grams  INTEGER NOT NULL CHECK (weight_grams >= 0),
    halal         BOOLEAN NOT NULL DEFAULT FALSE,
    status        TEXT NOT NULL CHECK (status IN ('draft','active','archived')),
    -- Copied from the UMKM so that search filters one table.
    province_code TEXT NOT NULL,
    regency_code  TEXT NOT NULL,
    -- listed = product active and its UMKM verified: what buyers may see.
    listed        BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX products_umkm ON products(umkm_id, id);
CREATE INDEX products_browse ON products(listed, province_code, id);

CREATE TABLE product_photos (
    id          INTEGER PRIMARY KEY,
    product_id  INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    large_key   TEXT NOT NULL,
    thumb_key   TEXT NOT NULL,
    position    INTEGER NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX product_photos_product ON product_photos(product_id, position);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    actor_id    INTEGER REFERENCES users(id),
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   INTEGER NOT NULL,
    before_json TEXT,
    after_json  TEXT,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id, id);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Full-text index over Go-stemmed roots (see internal/search): the rowid is
-- the product or UMKM id. Title roots weigh more than body roots; facets
-- (province, regency, category, halal, listed) are tokens to filter by.
CREATE VIRTUAL TABLE product_fts USING fts5(title, body, facets, detail = 'column');
CREATE VIRTUAL TABLE umkm_fts USING fts5(title, body);
