-- Stand-ins (issue 11 §6, decision 0027): a stall released for the day
-- (its tenant a no-show) is given to the next UMKM on the day's waiting
-- list by a one-day turn that stands in for the released one. A stand-in
-- is the only turn that may overlap a live turn of its stall, and only a
-- released one (the service checks the day's no-show); one stand-in per
-- stall and day (the partial unique index), a day long.
ALTER TABLE turns ADD COLUMN stands_in_for INTEGER REFERENCES turns(id);

CREATE UNIQUE INDEX turns_one_stand_in ON turns(stall_id, from_date)
    WHERE stands_in_for IS NOT NULL AND status <> 'cancelled';

-- The overlap triggers ignore stand-ins, on both sides. The covering index
-- answers their probe from the index alone (it was most of an allocation's
-- insert time, bench/README.md "Mall allocation").
DROP TRIGGER turns_no_overlap_insert;
DROP TRIGGER turns_no_overlap_update;
DROP INDEX turns_stall;
CREATE INDEX turns_stall ON turns(stall_id, from_date, to_date, status, stands_in_for);

CREATE TRIGGER turns_no_overlap_insert BEFORE INSERT ON turns
WHEN NEW.status <> 'cancelled' AND NEW.stands_in_for IS NULL
BEGIN
    SELECT RAISE(ABORT, 'exclusion_violation: turns_no_overlap')
     WHERE EXISTS (SELECT 1 FROM turns t
                    WHERE t.stall_id = NEW.stall_id AND t.status <> 'cancelled' AND t.stands_in_for IS NULL
                      AND t.from_date <= NEW.to_date AND NEW.from_date <= t.to_date);
END;

CREATE TRIGGER turns_no_overlap_update BEFORE UPDATE OF stall_id, from_date, to_date, status, stands_in_for ON turns
WHEN NEW.status <> 'cancelled' AND NEW.stands_in_for IS NULL
BEGIN
    SELECT RAISE(ABORT, 'exclusion_violation: turns_no_overlap')
     WHERE EXISTS (SELECT 1 FROM turns t
                    WHERE t.stall_id = NEW.stall_id AND t.status <> 'cancelled' AND t.stands_in_for IS NULL AND t.id <> NEW.id
                      AND t.from_date <= NEW.to_date AND NEW.from_date <= t.to_date);
END;

-- A stand-in is one day long.
CREATE TRIGGER turns_stand_in_one_day BEFORE INSERT ON turns
WHEN NEW.stands_in_for IS NOT NULL AND NEW.from_date <> NEW.to_date
BEGIN
    SELECT RAISE(ABORT, 'check_violation: turns_stand_in_one_day');
END;
