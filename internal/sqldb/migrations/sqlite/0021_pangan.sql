-- The household food programme (issue 12, decision 0028): a province's
-- programme (Gerakan Sumsel Mandiri Pangan for 16) with its configuration
-- (commodities and reference prices, targets per regency, aid package
-- types, sponsors, phases), households and groups with their plots, field
-- officers assigned to villages, aid deliveries with proof, field visits
-- synced from the officer's phone (the device makes each visit's id), the
-- production they record, and the indicators' roll-up kept in the same
-- transaction as each record.
--
-- Areas are Kemendagri codes: village 16.04.01.2001, district 16.04.01,
-- regency 16.04, province 16 (internal/region holds them all).

CREATE TABLE pangan_programmes (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    province_code   TEXT NOT NULL,
    start_year      INTEGER NOT NULL CHECK (start_year BETWEEN 2000 AND 2100),
    adopted_from_id INTEGER REFERENCES pangan_programmes(id), -- the programme whose configuration it copied
    created_by      INTEGER NOT NULL REFERENCES users(id),
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    UNIQUE (province_code, name)
);

-- What households grow or raise, with the unit it is counted in, the
-- province-wide reference price per unit (rupiah) and the most a square
-- metre of plot plausibly gives in one visit's harvest (thousandths of a
-- unit): a record above it needs a confirmation and is flagged for review.
CREATE TABLE pangan_commodities (
    programme_id     INTEGER NOT NULL REFERENCES pangan_programmes(id),
    code             TEXT NOT NULL,
    name             TEXT NOT NULL,
    unit             TEXT NOT NULL CHECK (unit IN ('kg','ekor','butir','liter')),
    price            INTEGER NOT NULL CHECK (price >= 0),
    max_per_m2_milli INTEGER NOT NULL CHECK (max_per_m2_milli > 0),
    PRIMARY KEY (programme_id, code)
);

-- A reference price of a commodity in one regency, where it differs.
CREATE TABLE pangan_prices (
    programme_id   INTEGER NOT NULL REFERENCES pangan_programmes(id),
    commodity_code TEXT NOT NULL,
    regency_code   TEXT NOT NULL,
    price          INTEGER NOT NULL CHECK (price >= 0),
    PRIMARY KEY (programme_id, commodity_code, regency_code)
);

CREATE TABLE pangan_targets (
    programme_id INTEGER NOT NULL REFERENCES pangan_programmes(id),
    regency_code TEXT NOT NULL,
    households   INTEGER NOT NULL CHECK (households >= 0),
    groups_count INTEGER NOT NULL DEFAULT 0 CHECK (groups_count >= 0),
    PRIMARY KEY (programme_id, regency_code)
);

CREATE TABLE pangan_package_types (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES pangan_programmes(id),
    code         TEXT NOT NULL,
    name         TEXT NOT NULL,
    UNIQUE (programme_id, code)
);

-- The items of a package (8 laying hens, 300 catfish fry, a drum…): each
-- delivered item's survival is what field visits report.
CREATE TABLE pangan_package_items (
    package_type_id INTEGER NOT NULL REFERENCES pangan_package_types(id),
    line            INTEGER NOT NULL,
    name            TEXT NOT NULL,
    quantity        INTEGER NOT NULL CHECK (quantity > 0),
    unit            TEXT NOT NULL,
    PRIMARY KEY (package_type_id, line)
);

CREATE TABLE pangan_sponsors (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES pangan_programmes(id),
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('bank_csr','bumn','agency','other')),
    UNIQUE (programme_id, name)
);

-- Accounts of a sponsor: they read its own deliveries and the results on them.
CREATE TABLE pangan_sponsor_staff (
    sponsor_id INTEGER NOT NULL REFERENCES pangan_sponsors(id),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (sponsor_id, user_id)
);

CREATE TABLE pangan_phases (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES pangan_programmes(id),
    name         TEXT NOT NULL,
    segment      TEXT NOT NULL CHECK (segment IN ('household','dasawisma','kwt','school','office','social_home')),
    starts_on    TEXT NOT NULL DEFAULT '',
    UNIQUE (programme_id, name)
);

-- Groups: women farmers' groups (KWT), dasawisma, schools, offices, social
-- homes. A KWT that sells its members' surplus is linked to a UMKM.
CREATE TABLE pangan_groups (
    id            INTEGER PRIMARY KEY,
    programme_id  INTEGER NOT NULL REFERENCES pangan_programmes(id),
    kind          TEXT NOT NULL CHECK (kind IN ('kwt','dasawisma','school','office','social_home')),
    name          TEXT NOT NULL,
    village_code  TEXT NOT NULL,
    district_code TEXT NOT NULL,
    regency_code  TEXT NOT NULL,
    umkm_id       INTEGER REFERENCES umkm(id),
    created_by    INTEGER NOT NULL REFERENCES users(id),
    created_at    TIMESTAMP NOT NULL,
    UNIQUE (programme_id, village_code, name)
);

-- A household of the programme. The NIK is stored once and shown whole on
-- the household's own page alone (to the agency and its officer): every
-- list and export masks it. nik_district is the kecamatan that issued it
-- (people move: it may differ from the address, which is only noted).
-- version counts the visits recorded: an offline visit names the version
-- it saw, and one made on a version already moved on is a conflict.
CREATE TABLE pangan_households (
    id             INTEGER PRIMARY KEY,
    programme_id   INTEGER NOT NULL REFERENCES pangan_programmes(id),
    head_name      TEXT NOT NULL,
    nik            TEXT NOT NULL,
    nik_district   TEXT NOT NULL,
    village_code   TEXT NOT NULL,
    district_code  TEXT NOT NULL,
    regency_code   TEXT NOT NULL,
    province_code  TEXT NOT NULL,
    address        TEXT NOT NULL DEFAULT '',
    phone          TEXT NOT NULL DEFAULT '',
    members        INTEGER NOT NULL CHECK (members BETWEEN 1 AND 50),
    poverty_status TEXT NOT NULL CHECK (poverty_status IN ('sangat_miskin','miskin','rentan','tidak_miskin')),
    poverty_source TEXT NOT NULL DEFAULT '',
    group_id       INTEGER REFERENCES pangan_groups(id),
    sticker_code   TEXT NOT NULL UNIQUE, -- the secret in the household's QR sticker
    version        INTEGER NOT NULL DEFAULT 0,
    reached_at     TIMESTAMP, -- first visit or proven aid
    proven_at      TIMESTAMP, -- first proven aid delivery
    last_visit_at  TIMESTAMP,
    created_by     INTEGER NOT NULL REFERENCES users(id),
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    UNIQUE (programme_id, nik)
);
CREATE INDEX pangan_households_village ON pangan_households(programme_id, village_code, id);
CREATE INDEX pangan_households_regency ON pangan_households(programme_id, regency_code, id);

CREATE TABLE pangan_plots (
    id            INTEGER PRIMARY KEY,
    programme_id  INTEGER NOT NULL REFERENCES pangan_programmes(id),
    household_id  INTEGER REFERENCES pangan_households(id),
    group_id      INTEGER REFERENCES pangan_groups(id),
    kind          TEXT NOT NULL CHECK (kind IN ('pekarangan','lahan_sempit','kolam','kandang')),
    size_m2       REAL NOT NULL CHECK (size_m2 > 0 AND size_m2 <= 100000),
    village_code  TEXT NOT NULL,
    photo_key     TEXT NOT NULL DEFAULT '',
    lat           REAL,
    lng           REAL,
    last_alive_at TIMESTAMP, -- the last visit that found something alive on it
    created_at    TIMESTAMP NOT NULL,
    CHECK (household_id IS NOT NULL OR group_id IS NOT NULL)
);
CREATE INDEX pangan_plots_household ON pangan_plots(household_id);
CREATE INDEX pangan_plots_village ON pangan_plots(programme_id, village_code);

-- A field officer (penyuluh/pendamping) of a programme for one village.
CREATE TABLE pangan_officers (
    programme_id INTEGER NOT NULL REFERENCES pangan_programmes(id),
    user_id      INTEGER NOT NULL REFERENCES users(id),
    village_code TEXT NOT NULL,
    added_by     INTEGER NOT NULL REFERENCES users(id),
    added_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (programme_id, user_id, village_code)
);
CREATE INDEX pangan_officers_village ON pangan_officers(programme_id, village_code);
CREATE INDEX pangan_officers_user ON pangan_officers(user_id);

-- An aid delivery, recorded once per client id (idempotency). Proof: a
-- photo, the point and the time, and the recipient's drawn signature or a
-- photo of the signed handover form (BAST). Without it the delivery is
-- "belum terbukti".
CREATE TABLE pangan_deliveries (
    id              INTEGER PRIMARY KEY,
    programme_id    INTEGER NOT NULL REFERENCES pangan_programmes(id),
    client_id       TEXT NOT NULL,
    package_type_id INTEGER NOT NULL REFERENCES pangan_package_types(id),
    sponsor_id      INTEGER NOT NULL REFERENCES pangan_sponsors(id),
    phase_id        INTEGER REFERENCES pangan_phases(id),
    household_id    INTEGER REFERENCES pangan_households(id),
    group_id        INTEGER REFERENCES pangan_groups(id),
    village_code    TEXT NOT NULL,
    delivered_at    TIMESTAMP NOT NULL,
    recipient_name  TEXT NOT NULL DEFAULT '',
    photo_key       TEXT NOT NULL DEFAULT '',
    signature_key   TEXT NOT NULL DEFAULT '',
    bast_key        TEXT NOT NULL DEFAULT '',
    lat             REAL,
    lng             REAL,
    proven          BOOLEAN NOT NULL DEFAULT FALSE,
    recorded_by     INTEGER NOT NULL REFERENCES users(id),
    created_at      TIMESTAMP NOT NULL,
    UNIQUE (programme_id, client_id),
    CHECK (household_id IS NOT NULL OR group_id IS NOT NULL)
);
CREATE INDEX pangan_deliveries_household ON pangan_deliveries(household_id);
CREATE INDEX pangan_deliveries_sponsor ON pangan_deliveries(programme_id, sponsor_id);

-- A field visit, its id made on the officer's device.
CREATE TABLE pangan_visits (
    id           TEXT PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES pangan_programmes(id),
    household_id INTEGER NOT NULL REFERENCES pangan_households(id),
    officer_id   INTEGER NOT NULL REFERENCES users(id),
    visited_at   TIMESTAMP NOT NULL,
    base_version INTEGER NOT NULL,
    notes        TEXT NOT NULL DEFAULT '',
    flagged      BOOLEAN NOT NULL DEFAULT FALSE, -- holds a confirmed unusual quantity: for review
    synced_at    TIMESTAMP NOT NULL
);
CREATE INDEX pangan_visits_household ON pangan_visits(household_id, visited_at);

-- What a visit found of each plot and each delivered aid item (subject_id:
-- the plot, or the delivery with the package's line).
CREATE TABLE pangan_visit_statuses (
    visit_id   TEXT NOT NULL REFERENCES pangan_visits(id),
    subject    TEXT NOT NULL CHECK (subject IN ('plot','aid')),
    subject_id INTEGER NOT NULL,
    line       INTEGER NOT NULL DEFAULT 0, -- the package's line of an aid delivery (0 for a plot)
    status     TEXT NOT NULL CHECK (status IN ('alive','harvested','failed')),
    reason     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (visit_id, subject, subject_id, line)
);

-- A harvest or yield recorded on a visit, in thousandths of the unit, and
-- its value at the reference price of the household's regency.
CREATE TABLE pangan_production (
    id             INTEGER PRIMARY KEY,
    visit_id       TEXT NOT NULL REFERENCES pangan_visits(id),
    programme_id   INTEGER NOT NULL REFERENCES pangan_programmes(id),
    household_id   INTEGER NOT NULL REFERENCES pangan_households(id),
    commodity_code TEXT NOT NULL,
    quantity_milli INTEGER NOT NULL CHECK (quantity_milli >= 0),
    use            TEXT NOT NULL CHECK (use IN ('home','sold','given')),
    value          INTEGER NOT NULL CHECK (value >= 0),
    village_code   TEXT NOT NULL,
    month          TEXT NOT NULL, -- YYYY-MM at the province
    flagged        BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX pangan_production_visit ON pangan_production(visit_id);
CREATE INDEX pangan_production_village ON pangan_production(programme_id, village_code, month);

-- The indicators' roll-up, one row per area (each level), month and
-- commodity ('' is the month's totals and its reach counts), updated in
-- the transaction that writes the records it sums, so a dashboard reads a
-- few rows instead of scanning a million production records.
CREATE TABLE pangan_stats (
    programme_id       INTEGER NOT NULL REFERENCES pangan_programmes(id),
    area_code          TEXT NOT NULL,
    parent_code        TEXT NOT NULL, -- '' for the province
    month              TEXT NOT NULL,
    commodity_code     TEXT NOT NULL,
    quantity_milli     INTEGER NOT NULL DEFAULT 0,
    value              INTEGER NOT NULL DEFAULT 0,
    value_home         INTEGER NOT NULL DEFAULT 0,
    value_sold         INTEGER NOT NULL DEFAULT 0,
    value_given        INTEGER NOT NULL DEFAULT 0,
    records            INTEGER NOT NULL DEFAULT 0,
    households_reached INTEGER NOT NULL DEFAULT 0, -- first reached that month
    households_proven  INTEGER NOT NULL DEFAULT 0, -- first given proven aid that month
    PRIMARY KEY (programme_id, area_code, month, commodity_code)
);
CREATE INDEX pangan_stats_parent ON pangan_stats(programme_id, parent_code, month);
