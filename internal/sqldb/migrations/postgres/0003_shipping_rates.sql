-- Courier rate tables edited by an agency (for its province) or a seller (for its UMKM).
CREATE TABLE shipping_rates (
    scope    TEXT NOT NULL,   -- "province:16" or "umkm:42"
    zone     TEXT NOT NULL CHECK (zone IN ('same_regency','same_province','other_province')),
    first_kg BIGINT NOT NULL CHECK (first_kg >= 0),
    next_kg  BIGINT NOT NULL CHECK (next_kg >= 0),
    PRIMARY KEY (scope, zone)
);
