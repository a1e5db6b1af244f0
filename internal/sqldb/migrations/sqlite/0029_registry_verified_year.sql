-- Open data from the registry's roll-up (issue 13, decision 0036):
-- registry_counts also keys on the year of verification of a verified UMKM
-- (in its province's zone; 0 for any other), so the open-data counts of
-- verified UMKM by regency, scale and year read the roll-up, not the UMKM.
-- The primary key changes, so the table is made again and rebuilt from the
-- UMKM at the next start (rollup_state.built back to 0).
DROP TABLE registry_counts;

CREATE TABLE registry_counts (
    province_code TEXT NOT NULL,
    regency_code  TEXT NOT NULL,
    scale         TEXT NOT NULL,
    category      TEXT NOT NULL,
    status        TEXT NOT NULL,
    halal         INTEGER NOT NULL, -- 1: a halal certificate recorded
    verified_year INTEGER NOT NULL, -- the year of verification of a verified UMKM; 0 otherwise
    umkm          INTEGER NOT NULL,
    PRIMARY KEY (province_code, regency_code, scale, category, status, halal, verified_year)
);

UPDATE rollup_state SET built = 0 WHERE name = 'registry';
