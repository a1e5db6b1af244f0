-- What each household ate from its own yard in a month, at the reference
-- prices (the saving), and how the households of each area spread over
-- rupiah bins: kept in the transaction that writes the production records
-- (as pangan_stats is), so an area's median and quartiles read a few
-- hundred bins whatever the number of households (reading a province's
-- 80,000 households' months took 50–190 ms on PostgreSQL, 400 ms from the
-- production records).
CREATE TABLE pangan_household_months (
    programme_id INTEGER NOT NULL REFERENCES pangan_programmes(id),
    household_id INTEGER NOT NULL REFERENCES pangan_households(id),
    month        TEXT NOT NULL, -- YYYY-MM at the province
    village_code TEXT NOT NULL,
    value_home   INTEGER NOT NULL DEFAULT 0 CHECK (value_home >= 0),
    visits       INTEGER NOT NULL DEFAULT 1, -- visits with production records that month
    PRIMARY KEY (programme_id, household_id, month)
);

-- A bin is a household's month rounded (pangan.savingBin): to the nearest
-- Rp5.000 below Rp1 juta, Rp50.000 below Rp10 juta, 10000000 above.
CREATE TABLE pangan_saving_bins (
    programme_id INTEGER NOT NULL REFERENCES pangan_programmes(id),
    area_code    TEXT NOT NULL,
    month        TEXT NOT NULL,
    bin          INTEGER NOT NULL,
    households   INTEGER NOT NULL DEFAULT 0,
    value_sum    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (programme_id, area_code, month, bin)
);

INSERT INTO pangan_household_months (programme_id, household_id, month, village_code, value_home, visits)
SELECT programme_id, household_id, month, MIN(village_code), SUM(CASE WHEN use = 'home' THEN value ELSE 0 END), COUNT(DISTINCT visit_id)
FROM pangan_production GROUP BY programme_id, household_id, month;

-- The bins of what was recorded before, four levels (as RebuildStats does).
INSERT INTO pangan_saving_bins (programme_id, area_code, month, bin, households, value_sum)
SELECT programme_id, area, month, bin, COUNT(*), SUM(value_home) FROM (
    SELECT programme_id, month, value_home, substr(village_code, 1, n) AS area,
        CASE WHEN value_home < 1002500 THEN (value_home + 2500) / 5000 * 5000
             WHEN value_home < 10025000 THEN (value_home + 25000) / 50000 * 50000 ELSE 10000000 END AS bin
    FROM pangan_household_months, (SELECT 13 AS n UNION ALL SELECT 8 UNION ALL SELECT 5 UNION ALL SELECT 2) levels
) x GROUP BY programme_id, area, month, bin;

-- The production index 0024 made for the saving is no longer read.
DROP INDEX pangan_production_month;
