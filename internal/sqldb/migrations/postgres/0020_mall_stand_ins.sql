-- Stand-ins (issue 11 §6, decision 0027): a stall released for the day
-- (its tenant a no-show) is given to the next UMKM on the day's waiting
-- list by a one-day turn that stands in for the released one. A stand-in
-- is the only turn that may overlap a live turn of its stall, and only a
-- released one (the service checks the day's no-show); one stand-in per
-- stall and day (the partial unique index), a day long.
ALTER TABLE turns ADD COLUMN stands_in_for BIGINT REFERENCES turns(id);
ALTER TABLE turns ADD CONSTRAINT turns_stand_in_one_day CHECK (stands_in_for IS NULL OR from_date = to_date);

CREATE UNIQUE INDEX turns_one_stand_in ON turns(stall_id, from_date)
    WHERE stands_in_for IS NOT NULL AND status <> 'cancelled';

ALTER TABLE turns DROP CONSTRAINT turns_no_overlap;
ALTER TABLE turns ADD CONSTRAINT turns_no_overlap EXCLUDE USING gist (stall_id WITH =, daterange(from_date, to_date, '[]') WITH &&)
    WHERE (status <> 'cancelled' AND stands_in_for IS NULL);
