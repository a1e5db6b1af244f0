-- The open-air UMKM mall (issue 11, decision 0023): venues run by an
-- operator (the agency itself or an organisation such as a BUMD) whose
-- staff accounts are scoped to their venues, stalls on a site plan,
-- versioned rulebooks, applications with blind curation, the turns the
-- allocation engine (internal/mall/allocation) gives, and each run.
--
-- Dates are TEXT YYYY-MM-DD (checked), so that they compare as dates.

-- An organisation that runs venues on a province's behalf (PT Jaswita).
CREATE TABLE mall_operators (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    province_code TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    UNIQUE (province_code, name)
);

CREATE TABLE venues (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL,
    province_code    TEXT NOT NULL,
    regency_code     TEXT NOT NULL,
    address          TEXT NOT NULL,
    time_zone        TEXT NOT NULL,
    operator_name    TEXT NOT NULL DEFAULT '',
    operator_id      INTEGER REFERENCES mall_operators(id), -- NULL: the agency runs it itself
    opening_weekdays TEXT NOT NULL DEFAULT '1,2,3,4,5,6,7', -- ISO weekdays, comma-separated
    opens_at         TEXT NOT NULL DEFAULT '08:00',         -- HH:MM in the venue's time zone
    closes_at        TEXT NOT NULL DEFAULT '22:00',
    -- Raised by every change to what an allocation reads (stalls, rulebook,
    -- applications, turns): a run computed outside its transaction commits
    -- only if the revision it read is still current.
    revision         INTEGER NOT NULL DEFAULT 0,
    created_by       INTEGER NOT NULL REFERENCES users(id),
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX venues_province ON venues(province_code, id);

-- The operator's staff: accounts that run one venue (any role; the policy
-- gives them RunVenue as delegates of the venue).
CREATE TABLE venue_staff (
    venue_id INTEGER NOT NULL REFERENCES venues(id),
    user_id  INTEGER NOT NULL REFERENCES users(id),
    added_by INTEGER NOT NULL REFERENCES users(id),
    added_at TIMESTAMP NOT NULL,
    PRIMARY KEY (venue_id, user_id)
);
CREATE INDEX venue_staff_user ON venue_staff(user_id);

CREATE TABLE stalls (
    id         INTEGER PRIMARY KEY,
    venue_id   INTEGER NOT NULL REFERENCES venues(id),
    code       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('kios','tenda','gerobak','meja')),
    size       TEXT NOT NULL DEFAULT '',
    zone       TEXT NOT NULL DEFAULT '',
    power      BOOLEAN NOT NULL DEFAULT FALSE, -- listrik
    water      BOOLEAN NOT NULL DEFAULT FALSE, -- air
    cooking    BOOLEAN NOT NULL DEFAULT FALSE, -- boleh memasak
    category   TEXT NOT NULL DEFAULT '',       -- a category zone: the stall is for this category only
    status     TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','under_repair')),
    x          INTEGER NOT NULL DEFAULT 0,     -- position on the site plan
    y          INTEGER NOT NULL DEFAULT 0,
    qr_code    TEXT NOT NULL UNIQUE,           -- printed on the stall: check-in and the tenant's store page
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (venue_id, code)
);

-- Each PUT of a venue's rules is a new version; the highest published one
-- is in force. rules_json is the rulebook as the API shows it.
CREATE TABLE rulebooks (
    id           INTEGER PRIMARY KEY,
    venue_id     INTEGER NOT NULL REFERENCES venues(id),
    version      INTEGER NOT NULL CHECK (version > 0),
    rules_json   TEXT NOT NULL,
    published    BOOLEAN NOT NULL DEFAULT TRUE,
    published_at TIMESTAMP,
    created_by   INTEGER NOT NULL REFERENCES users(id),
    created_at   TIMESTAMP NOT NULL,
    UNIQUE (venue_id, version)
);

-- One run of the allocation engine over a season, with what it said.
CREATE TABLE allocation_runs (
    id                   INTEGER PRIMARY KEY,
    venue_id             INTEGER NOT NULL REFERENCES venues(id),
    season_from          TEXT NOT NULL CHECK (season_from GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    season_to            TEXT NOT NULL CHECK (season_to GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    seed                 INTEGER NOT NULL,
    rulebook_version     INTEGER NOT NULL,
    max_gap              INTEGER NOT NULL,
    stall_turns          INTEGER NOT NULL,
    unfilled_stall_turns INTEGER NOT NULL,
    result_json          TEXT NOT NULL,
    created_by           INTEGER REFERENCES users(id),
    created_at           TIMESTAMP NOT NULL
);
CREATE INDEX allocation_runs_venue ON allocation_runs(venue_id, id);

-- A UMKM's application for a season at a venue.
CREATE TABLE mall_applications (
    id                INTEGER PRIMARY KEY,
    venue_id          INTEGER NOT NULL REFERENCES venues(id),
    umkm_id           INTEGER NOT NULL REFERENCES umkm(id),
    -- The UMKM as it applied (name, place, scale class): what the
    -- allocation and the public lists read, without the registry's tables.
    umkm_name         TEXT NOT NULL,
    regency_code      TEXT NOT NULL,
    province_code     TEXT NOT NULL,
    scale             TEXT NOT NULL,
    season_from       TEXT NOT NULL CHECK (season_from GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    season_to         TEXT NOT NULL CHECK (season_to GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    class             TEXT NOT NULL CHECK (class IN ('tetap','bergilir','percobaan','tamu')),
    category          TEXT NOT NULL,
    needs_power       BOOLEAN NOT NULL DEFAULT FALSE,
    needs_water       BOOLEAN NOT NULL DEFAULT FALSE,
    needs_cooking     BOOLEAN NOT NULL DEFAULT FALSE,
    weekdays          TEXT NOT NULL DEFAULT '', -- ISO weekdays it can come, comma-separated; '' is any
    products          TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL CHECK (status IN ('submitted','accepted','rejected','withdrawn')),
    decision_reason   TEXT NOT NULL DEFAULT '',  -- shown to the applicant
    decided_by        INTEGER REFERENCES users(id),
    decided_at        TIMESTAMP,
    allocation_run_id INTEGER REFERENCES allocation_runs(id),
    allocation_reason TEXT,                      -- the last run's reason code when it got no turn
    created_by        INTEGER NOT NULL REFERENCES users(id),
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    CHECK (season_from <= season_to)
);
CREATE INDEX mall_applications_venue ON mall_applications(venue_id, id);
CREATE INDEX mall_applications_umkm ON mall_applications(umkm_id);

-- A curator's score of one criterion of the venue's rubric. Blind: a
-- curator reads only its own until the application is decided.
CREATE TABLE curation_scores (
    application_id INTEGER NOT NULL REFERENCES mall_applications(id),
    curator_id     INTEGER NOT NULL REFERENCES users(id),
    criterion      TEXT NOT NULL,
    score          INTEGER NOT NULL CHECK (score >= 0 AND score <= 100),
    updated_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (application_id, curator_id, criterion)
);

-- A stall given to a UMKM for a period (both dates inclusive). No stall
-- has two turns at overlapping dates unless one is cancelled: the database
-- holds that under any concurrency.
CREATE TABLE turns (
    id             INTEGER PRIMARY KEY,
    venue_id       INTEGER NOT NULL REFERENCES venues(id),
    stall_id       INTEGER NOT NULL REFERENCES stalls(id),
    umkm_id        INTEGER NOT NULL REFERENCES umkm(id),
    application_id INTEGER NOT NULL REFERENCES mall_applications(id),
    from_date      TEXT NOT NULL CHECK (from_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    to_date        TEXT NOT NULL CHECK (to_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    status         TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled','cancelled')),
    origin         TEXT NOT NULL CHECK (origin IN ('allocation','manual')),
    run_id         INTEGER REFERENCES allocation_runs(id),
    attended_days  INTEGER NOT NULL DEFAULT 0 CHECK (attended_days >= 0), -- market days checked in (check-in)
    no_show_days   INTEGER NOT NULL DEFAULT 0 CHECK (no_show_days >= 0),  -- market days released as no-show
    created_at     TIMESTAMP NOT NULL,
    CHECK (from_date <= to_date)
);
CREATE INDEX turns_venue ON turns(venue_id, from_date);
CREATE INDEX turns_umkm ON turns(umkm_id, from_date);
CREATE INDEX turns_stall ON turns(stall_id, from_date);

-- SQLite has no exclusion constraint: these triggers refuse a turn that
-- overlaps another live turn of its stall, inserted or moved. Writers are
-- serialised (one write connection, immediate transactions), so the check
-- and the write cannot interleave. sqldb.ExclusionViolation recognises the
-- message.
CREATE TRIGGER turns_no_overlap_insert BEFORE INSERT ON turns
WHEN NEW.status <> 'cancelled'
BEGIN
    SELECT RAISE(ABORT, 'exclusion_violation: turns_no_overlap')
     WHERE EXISTS (SELECT 1 FROM turns t
                    WHERE t.stall_id = NEW.stall_id AND t.status <> 'cancelled'
                      AND t.from_date <= NEW.to_date AND NEW.from_date <= t.to_date);
END;

CREATE TRIGGER turns_no_overlap_update BEFORE UPDATE OF stall_id, from_date, to_date, status ON turns
WHEN NEW.status <> 'cancelled'
BEGIN
    SELECT RAISE(ABORT, 'exclusion_violation: turns_no_overlap')
     WHERE EXISTS (SELECT 1 FROM turns t
                    WHERE t.stall_id = NEW.stall_id AND t.status <> 'cancelled' AND t.id <> NEW.id
                      AND t.from_date <= NEW.to_date AND NEW.from_date <= t.to_date);
END;
