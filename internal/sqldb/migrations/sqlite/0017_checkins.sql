-- Market days (issue 11 §6): one row per turn and day, written when the
-- tenant checks in at its stall by the stall's QR code (present) or when
-- the no-show sweep releases the stall for that day (no_show). The unique
-- (turn_id, day) makes a repeated or concurrent check-in one row, and a
-- sweep and a late check-in cannot both count the same day.
CREATE TABLE checkins (
    id            INTEGER PRIMARY KEY,
    venue_id      INTEGER NOT NULL REFERENCES venues(id),
    turn_id       INTEGER NOT NULL REFERENCES turns(id),
    stall_id      INTEGER NOT NULL REFERENCES stalls(id),
    umkm_id       INTEGER NOT NULL REFERENCES umkm(id),
    day           TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'), -- at the venue
    status        TEXT NOT NULL CHECK (status IN ('present','no_show')),
    checked_in_by INTEGER REFERENCES users(id), -- NULL for a no-show
    created_at    TIMESTAMP NOT NULL,           -- the check-in time (or the sweep's)
    UNIQUE (turn_id, day)
);
CREATE INDEX checkins_venue_day ON checkins(venue_id, day);
